package io.runbook.communication;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Service;

/**
 * What the product says about an incident, each text rendered from its {@link MessageTemplate}
 * with what is known at that moment.
 */
@Service
public class IncidentMessages {

  private final MessageTemplates templates;
  private final NotifyProperties properties;

  public IncidentMessages(MessageTemplates templates, NotifyProperties properties) {
    this.templates = templates;
    this.properties = properties;
  }

  /** The runbook's "Initial Notification (Internal)" for the incident as it is known now. */
  public String initialNotification(VariableScope incident) {
    return initialNotification(InitialNotification.of(incident));
  }

  public String initialNotification(InitialNotification incident) {
    return templates.render(MessageTemplate.INITIAL_NOTIFICATION, incident);
  }

  /**
   * A page, escalation or routing notice about {@code incident} to one role.
   *
   * @param headline short reason, shown in the subject
   * @param reason the sentences on top of the body that explain why the reader is told
   */
  public NotificationMessage aboutIncident(InitialNotification incident, String headline, String reason) {
    IncidentMessage model = new IncidentMessage(incident.incidentId(), incident.title(), incident.severity(),
        InitialNotification.clean(headline), InitialNotification.clean(reason), initialNotification(incident),
        properties.tasklistUrl() == null ? null : properties.tasklistUrl().toString(), incident.drill());
    return message(MessageTemplate.INCIDENT_MESSAGE_SUBJECT, MessageTemplate.INCIDENT_MESSAGE, model);
  }

  /** The runbook's "Status Page Update". */
  public String statusPageUpdate(StatusPageUpdate update) {
    return templates.render(MessageTemplate.STATUS_PAGE_UPDATE, update);
  }

  /** The notice that the incident is resolved and closed. */
  public NotificationMessage closureNotice(ClosureNotice notice) {
    return message(MessageTemplate.CLOSURE_NOTICE_SUBJECT, MessageTemplate.CLOSURE_NOTICE, notice);
  }

  /** The notice that the incident's post-mortem is published. */
  public NotificationMessage postMortemPublished(PostMortemPublished notice) {
    return message(MessageTemplate.POST_MORTEM_PUBLISHED_SUBJECT, MessageTemplate.POST_MORTEM_PUBLISHED, notice);
  }

  private NotificationMessage message(MessageTemplate subject, MessageTemplate body, Record model) {
    // A subject is one line, whatever the template's line breaks.
    String line = templates.render(subject, model).strip().replaceAll("\\s*\\R\\s*", " ");
    return new NotificationMessage(line, templates.render(body, model));
  }
}
