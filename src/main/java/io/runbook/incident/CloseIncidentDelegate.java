package io.runbook.incident;

import io.runbook.incident.IncidentProcess.Var;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** "Close incident ticket": the runbook's last resolution step. */
@Component("closeIncident")
public class CloseIncidentDelegate implements JavaDelegate {

  public static final String STATUS_RESOLVED = "Resolved";

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Var.CLOSED_AT, ClockUtil.getCurrentTime());
    execution.setVariable(Var.STATUS, STATUS_RESOLVED);
  }
}
