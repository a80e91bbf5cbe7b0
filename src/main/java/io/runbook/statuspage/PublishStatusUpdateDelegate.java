package io.runbook.statuspage;

import io.runbook.communication.StakeholderNotices;
import io.runbook.communication.StatusPageUpdate;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Publish status update", after Communications completes "Post status update": renders the
 * runbook's status page template ({@code status-page-update.mustache}) from the form and posts it to
 * the public status page, a row of {@code rb_status_update} written in this step's transaction, with
 * the time the next update is promised; the stakeholders of the severity are told (through the
 * outbox). Then the cadence waits for that time ({@code NextStatusUpdateTimer}); a "Resolved" update
 * promises nothing and ends the cadence. Drills rehearse the wording and the cadence, but nothing
 * reaches the public page or the stakeholders.
 */
@Component(Beans.PUBLISH_STATUS_UPDATE)
public class PublishStatusUpdateDelegate implements JavaDelegate {

  private final StatusUpdates updates;
  private final StatusUpdateCadence cadence;
  private final StakeholderNotices stakeholders;

  public PublishStatusUpdateDelegate(StatusUpdates updates, StatusUpdateCadence cadence, StakeholderNotices stakeholders) {
    this.updates = updates;
    this.cadence = cadence;
    this.stakeholders = stakeholders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StatusPageUpdate.Status status =
        StatusPageUpdate.Status.fromLabel((String) execution.getVariable(ProcessVariables.STATUS_PAGE_STATUS));
    boolean resolved = status == StatusPageUpdate.Status.RESOLVED;
    Object chosen = execution.getVariable(ProcessVariables.STATUS_NEXT_UPDATE_MINUTES);
    long minutes = chosen instanceof Number n && n.longValue() > 0 ? n.longValue() : cadence.intervalMinutes(execution);
    StatusPageUpdate update = StatusPageUpdate.of(status, (String) execution.getVariable(ProcessVariables.STATUS_ISSUE),
        (String) execution.getVariable(ProcessVariables.STATUS_IMPACT), resolved ? null : (int) minutes);
    String text = cadence.render(update);
    Instant now = StatusUpdateCadence.now();
    Instant next = resolved ? null : now.plusSeconds(60 * minutes);
    if (!StatusUpdateCadence.drill(execution)) {
      Object severity = execution.getVariable(ProcessVariables.SEVERITY);
      Object systems = execution.getVariable(ProcessVariables.AFFECTED_SYSTEMS);
      updates.insert(StatusUpdateCadence.incidentId(execution), update.status(), update.issue(), text, update.impact(),
          severity == null ? null : severity.toString(), systems == null ? null : systems.toString(), now, next);
      stakeholders.statusUpdatePosted(execution, update.status(), text);
    }
    if (resolved) {
      execution.getProcessInstance().setVariable(ProcessVariables.STATUS_UPDATES_RUNNING, false);
    } else {
      cadence.schedule(execution, next);
    }
  }
}
