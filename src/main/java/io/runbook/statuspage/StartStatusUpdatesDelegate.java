package io.runbook.statuspage;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Start status updates", the first step of {@code StatusUpdatesEventSubProcess}: the escalation
 * {@code status-updates-required} may be thrown again (team assembly, re-triage raising the
 * severity); only the first throw while no cadence runs, and before the incident is closed, starts
 * one. The cadence's variables (the form's fields, the due times) are declared here, local to the
 * event subprocess, so they never become variables of the incident itself.
 */
@Component(Beans.START_STATUS_UPDATES)
public class StartStatusUpdatesDelegate implements JavaDelegate {

  private final StatusUpdateCadence cadence;

  public StartStatusUpdatesDelegate(StatusUpdateCadence cadence) {
    this.cadence = cadence;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean closed = execution.getVariable(ProcessVariables.CLOSED_AT) != null;
    boolean running = Boolean.TRUE.equals(execution.getVariable(ProcessVariables.STATUS_UPDATES_RUNNING));
    boolean start = !closed && !running;
    execution.setVariableLocal(ProcessVariables.STATUS_UPDATES_START, start);
    if (!start) {
      return;
    }
    execution.getProcessInstance().setVariable(ProcessVariables.STATUS_UPDATES_RUNNING, true);
    Map<String, Object> cadenceScope = new HashMap<>();
    for (String field : new String[] {ProcessVariables.STATUS_PAGE_STATUS, ProcessVariables.STATUS_ISSUE,
        ProcessVariables.STATUS_IMPACT, ProcessVariables.STATUS_NEXT_UPDATE_MINUTES, ProcessVariables.STATUS_UPDATE_DRAFT,
        ProcessVariables.STATUS_UPDATE_DUE, ProcessVariables.STATUS_UPDATE_ESCALATE_AT}) {
      cadenceScope.put(field, null);
    }
    cadenceScope.put(ProcessVariables.STATUS_UPDATE_MISSED, false);
    execution.setVariablesLocal(cadenceScope);
    cadence.schedule(execution, StatusUpdateCadence.now().plus(cadence.firstUpdateWithin()));
  }
}
