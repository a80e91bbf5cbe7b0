package io.runbook.statuspage;

import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Escalate: status update missed": the promised update was not posted by its due time plus
 * {@code runbook.status-page.update-grace}. The Incident Commander is told through the outbox, and
 * the open task shows it in Tasklist ({@code statusUpdateMissed}: "⚠ overdue" in its name, a higher
 * priority; see io.runbook.tasklist.TaskUrgency). The task stays with Communications.
 */
@Component(Beans.ESCALATE_MISSED_STATUS_UPDATE)
public class EscalateMissedStatusUpdateDelegate implements JavaDelegate {

  private final StakeholderNotices notices;

  public EscalateMissedStatusUpdateDelegate(StakeholderNotices notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(ProcessVariables.STATUS_UPDATE_MISSED, true);
    Object due = execution.getVariable(ProcessVariables.STATUS_UPDATE_DUE);
    notices.statusUpdateMissed(execution,
        due instanceof Date date ? StatusUpdateCadence.TIME.format(date.toInstant()) : "now");
  }
}
