package io.runbook.statuspage;

import io.runbook.communication.IncidentMessages;
import io.runbook.communication.StatusPageUpdate;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * "Publish status update": renders the runbook's status page template ({@code status-page-update.mustache}) from what the
 * Communications lead entered, keeps it on the incident as {@code statusPageMessage} and posts it to
 * the public status page: a row of {@code rb_status_update}, written in this step's transaction.
 * {@code statusPagePublished} is true only when that row was written. Drill incidents rehearse the
 * wording but are never posted ({@code statusPagePublished = false}).
 */
@Component(Beans.PUBLISH_STATUS_UPDATE)
public class PublishStatusUpdateDelegate implements JavaDelegate {

  public static final String STATUS_PAGE_MESSAGE = "statusPageMessage";
  public static final String STATUS_PAGE_PUBLISHED = "statusPagePublished";
  public static final String NOT_PUBLISHED_IN_DRILLS = "[DRILL] Not published to the status page.\n\n";

  private final IncidentMessages messages;
  private final StatusUpdates updates;

  public PublishStatusUpdateDelegate(IncidentMessages messages, StatusUpdates updates) {
    this.messages = messages;
    this.updates = updates;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object minutes = execution.getVariable("statusNextUpdateMinutes");
    StatusPageUpdate update =
        StatusPageUpdate.of(
            StatusPageUpdate.Status.fromLabel((String) execution.getVariable("statusPageStatus")),
            (String) execution.getVariable("statusIssue"),
            (String) execution.getVariable("statusImpact"),
            minutes instanceof Number n ? n.intValue() : null);
    String text = messages.statusPageUpdate(update);
    boolean drill = Boolean.TRUE.equals(execution.getVariable(ProcessVariables.DRILL));
    if (drill) {
      // Drills rehearse the wording but never reach the public status page.
      execution.setVariable(STATUS_PAGE_MESSAGE, NOT_PUBLISHED_IN_DRILLS + text);
      execution.setVariable(STATUS_PAGE_PUBLISHED, false);
      return;
    }
    String incidentId = (String) execution.getVariable(ProcessVariables.INCIDENT_ID);
    if (incidentId == null) {
      incidentId = execution.getProcessBusinessKey();
    }
    Object severity = execution.getVariable(ProcessVariables.SEVERITY);
    Object systems = execution.getVariable(ProcessVariables.AFFECTED_SYSTEMS);
    updates.insert(incidentId, update.status(), update.issue(), text, update.impact(),
        severity == null ? null : severity.toString(), systems == null ? null : systems.toString(),
        ClockUtil.getCurrentTime().toInstant());
    execution.setVariable(STATUS_PAGE_MESSAGE, text);
    execution.setVariable(STATUS_PAGE_PUBLISHED, true);
  }
}
