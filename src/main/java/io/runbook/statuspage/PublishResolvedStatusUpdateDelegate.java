package io.runbook.statuspage;

import io.runbook.communication.StatusPageUpdate;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Publish Resolved update", when the incident is closed while its status updates run: the cadence
 * ends, and the public page gets a "Resolved" update in the wording of the last one, unless the
 * incident never had a public update (a drill, or nothing posted yet) or its last one already says
 * Resolved. The stakeholders are not told of this update: the closure notice of the same closing
 * tells them (io.runbook.communication.StakeholderNotices#closed).
 */
@Component(Beans.PUBLISH_RESOLVED_STATUS_UPDATE)
public class PublishResolvedStatusUpdateDelegate implements JavaDelegate {

  private final StatusUpdates updates;
  private final StatusUpdateCadence cadence;

  public PublishResolvedStatusUpdateDelegate(StatusUpdates updates, StatusUpdateCadence cadence) {
    this.updates = updates;
    this.cadence = cadence;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.getProcessInstance().setVariable(ProcessVariables.STATUS_UPDATES_RUNNING, false);
    if (StatusUpdateCadence.drill(execution)) {
      return;
    }
    String incidentId = StatusUpdateCadence.incidentId(execution);
    StatusUpdates.Latest latest = updates.latest(incidentId);
    if (latest == null || StatusPageUpdate.Status.RESOLVED.label().equals(latest.status())) {
      return;
    }
    StatusPageUpdate resolved = StatusPageUpdate.of(StatusPageUpdate.Status.RESOLVED, latest.title(), latest.impact(), null);
    Object severity = execution.getVariable(ProcessVariables.SEVERITY);
    Object systems = execution.getVariable(ProcessVariables.AFFECTED_SYSTEMS);
    updates.insert(incidentId, resolved.status(), resolved.issue(), cadence.render(resolved), resolved.impact(),
        severity == null ? null : severity.toString(), systems == null ? null : systems.toString(),
        StatusUpdateCadence.now(), null);
  }
}
