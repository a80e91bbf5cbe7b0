package io.runbook.communication;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Publish status update": renders the runbook's status page template ({@code status-page-update.mustache}) from what the
 * Communications lead entered and keeps it on the incident as {@code statusPageMessage}. Drill
 * incidents are excluded from the status page ({@code statusPagePublished = false}).
 */
@Component(Beans.PUBLISH_STATUS_UPDATE)
public class PublishStatusUpdateDelegate implements JavaDelegate {

  private final IncidentMessages messages;

  public PublishStatusUpdateDelegate(IncidentMessages messages) {
    this.messages = messages;
  }

  public static final String STATUS_PAGE_MESSAGE = "statusPageMessage";
  public static final String STATUS_PAGE_PUBLISHED = "statusPagePublished";
  public static final String NOT_PUBLISHED_IN_DRILLS = "[DRILL] Not published to the status page.\n\n";

  @Override
  public void execute(DelegateExecution execution) {
    Object minutes = execution.getVariable("statusNextUpdateMinutes");
    StatusPageUpdate update =
        StatusPageUpdate.of(
            StatusPageUpdate.Status.fromLabel((String) execution.getVariable("statusPageStatus")),
            (String) execution.getVariable("statusIssue"),
            (String) execution.getVariable("statusImpact"),
            minutes instanceof Number n ? n.intValue() : null);
    boolean drill = Boolean.TRUE.equals(execution.getVariable(ProcessVariables.DRILL));
    // Drills rehearse the wording but never reach the public status page.
    execution.setVariable(STATUS_PAGE_MESSAGE, (drill ? NOT_PUBLISHED_IN_DRILLS : "") + messages.statusPageUpdate(update));
    execution.setVariable(STATUS_PAGE_PUBLISHED, !drill);
  }
}
