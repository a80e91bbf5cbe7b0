package io.runbook.triage;

import io.runbook.communication.IncidentMessages;
import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * What the forms that assess severity (triage, re-assess severity) show read-only without it being
 * stored on every incident when it opens: the defaults of their {@code camunda:formData} fields.
 * Tasklist reads them with the task's form variables when the form opens, so they are rendered
 * from the configuration and the incident as they are at that moment. Opening an incident (the
 * alert path) writes neither: the severity table is the same text for every incident, and the
 * notification preview is stale as soon as triage decides. The engine stores the values the form
 * showed when it is submitted, so the history still says what the assessor saw.
 */
@Component(Beans.TRIAGE_FORM)
public class TriageForm {

  private final SeverityCatalogue catalogue;
  private final IncidentMessages messages;

  public TriageForm(SeverityCatalogue catalogue, IncidentMessages messages) {
    this.catalogue = catalogue;
    this.messages = messages;
  }

  /** The severity table ({@code severityGuide}): {@link SeverityCatalogue#guide()}. */
  public String severityGuide() {
    return catalogue.guide();
  }

  /**
   * The initial notification as it would go out now ({@code initialNotification}): what the report
   * or alert said, "not yet known" for the rest.
   */
  public String initialNotification(VariableScope incident) {
    return messages.initialNotification(incident);
  }
}
