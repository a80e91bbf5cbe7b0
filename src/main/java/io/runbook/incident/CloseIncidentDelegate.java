package io.runbook.incident;

import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** "Close incident ticket": the runbook's last resolution step. */
@Component(Beans.CLOSE_INCIDENT)
public class CloseIncidentDelegate implements JavaDelegate {

  public static final String STATUS_RESOLVED = "Resolved";

  private final StakeholderNotices stakeholders;

  public CloseIncidentDelegate(StakeholderNotices stakeholders) {
    this.stakeholders = stakeholders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(ProcessVariables.CLOSED_AT, ClockUtil.getCurrentTime());
    execution.setVariable(ProcessVariables.STATUS, STATUS_RESOLVED);
    // Stakeholders of the severity get the closure notice (through the outbox, after this commits).
    stakeholders.closed(execution);
  }
}
