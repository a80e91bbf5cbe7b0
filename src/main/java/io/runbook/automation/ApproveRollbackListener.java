package io.runbook.automation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables.ActionVar;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * "Approve rollback" (SEV-1/SEV-2), task listener on create and complete. On create it shows the
 * Incident Commander exactly what will run and clears any earlier decision; on complete it records
 * who decided: the authenticated user who completed the task. A completion without an
 * authenticated user (an internal call) is recorded as the assignee, marked as unauthenticated, so
 * the audit trail never claims more than it knows. Who may decide is checked by
 * {@link MitigationSubmissionRules}.
 */
@Component(Beans.APPROVE_ROLLBACK)
public class ApproveRollbackListener implements TaskListener {

  private final AutomationService automation;
  private final IdentityService identity;

  public ApproveRollbackListener(AutomationService automation, IdentityService identity) {
    this.automation = automation;
    this.identity = identity;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      task.getExecution().removeVariable(ProcessVariables.ROLLBACK_APPROVAL);
      task.getExecution().removeVariable(ProcessVariables.ROLLBACK_APPROVAL_COMMENT);
      task.getExecution().setVariable(ActionVar.name(Actions.ROLLBACK, ActionVar.COMMAND),
          automation.preview(task.getExecution(), Actions.ROLLBACK));
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      Authentication current = identity.getCurrentAuthentication();
      String decidedBy = current != null && current.getUserId() != null
          ? current.getUserId()
          : (task.getAssignee() == null ? "unknown" : task.getAssignee()) + " (assignee; completed without authentication)";
      boolean approved = "approved".equals(task.getVariable(ProcessVariables.ROLLBACK_APPROVAL));
      task.setVariable(approved ? ProcessVariables.ROLLBACK_APPROVED_BY : ProcessVariables.ROLLBACK_REJECTED_BY, decidedBy);
      task.getExecution().removeVariable(approved ? ProcessVariables.ROLLBACK_REJECTED_BY : ProcessVariables.ROLLBACK_APPROVED_BY);
      task.setVariable(ProcessVariables.ROLLBACK_DECIDED_AT, ClockUtil.getCurrentTime());
    }
  }
}
