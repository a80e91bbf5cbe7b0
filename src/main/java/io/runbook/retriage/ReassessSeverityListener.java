package io.runbook.retriage;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Re-assess severity", the standing re-triage task of the Incident Commander (else the team leads),
 * open from routing until the incident is closed. On create it remembers what the severity and the
 * flags are (task-local, so the change can be told "from what") and leaves the reason empty; on
 * complete it hands those values on to "Apply re-triage" as transient variables and records the
 * reason on the incident. Who may complete it is checked by {@link RetriageRules}; who did is recorded
 * as {@code severityChangedBy} (io.runbook.forms.ControlVariables).
 */
@Component(Beans.REASSESS_SEVERITY)
public class ReassessSeverityListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      task.setVariableLocal(ProcessVariables.SEVERITY_BEFORE, task.getVariable(ProcessVariables.SEVERITY));
      task.setVariableLocal(ProcessVariables.SECURITY_RELATED_BEFORE, flag(task.getVariable(ProcessVariables.SECURITY_RELATED)));
      task.setVariableLocal(ProcessVariables.DATA_BREACH_SUSPECTED_BEFORE,
          flag(task.getVariable(ProcessVariables.DATA_BREACH_SUSPECTED)));
      // The form shows an empty reason, not the last re-triage's: the submitted reason lands on the
      // task's own execution (completing writes to it), and is copied to the incident on complete.
      task.getExecution().setVariableLocal(ProcessVariables.SEVERITY_CHANGE_REASON, "");
      task.getExecution().setVariableLocal(ProcessVariables.REASSESSMENT_FOR, commander(task.getExecution()));
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      DelegateExecution incident = task.getExecution().getProcessInstance();
      incident.setVariable(ProcessVariables.SEVERITY_BEFORE,
          Variables.stringValue((String) task.getVariableLocal(ProcessVariables.SEVERITY_BEFORE), true));
      incident.setVariable(ProcessVariables.SECURITY_RELATED_BEFORE,
          Variables.booleanValue(flag(task.getVariableLocal(ProcessVariables.SECURITY_RELATED_BEFORE)), true));
      incident.setVariable(ProcessVariables.DATA_BREACH_SUSPECTED_BEFORE,
          Variables.booleanValue(flag(task.getVariableLocal(ProcessVariables.DATA_BREACH_SUSPECTED_BEFORE)), true));
      Object reason = task.getExecution().getVariableLocal(ProcessVariables.SEVERITY_CHANGE_REASON);
      incident.setVariable(ProcessVariables.SEVERITY_CHANGE_REASON, reason == null ? "" : String.valueOf(reason).trim());
    }
  }

  /**
   * Condition of "Incident Commander named" on the task: the team was assembled (or its commander
   * changed) since the task was opened, so it is opened again for the new commander.
   */
  public boolean commanderNamed(DelegateExecution reassessment) {
    if (!reassessment.hasVariableLocal(ProcessVariables.REASSESSMENT_FOR)) {
      return false; // evaluated as the task's scope starts, before the task (and its record of whom it is for) exists
    }
    String commander = commander(reassessment);
    return commander != null && !commander.equals(reassessment.getVariableLocal(ProcessVariables.REASSESSMENT_FOR));
  }

  /** Condition of "Incident closed" on the task: re-triage ends with the incident ticket. */
  public boolean closed(DelegateExecution reassessment) {
    return reassessment.getVariable(ProcessVariables.CLOSED_AT) != null;
  }

  static String commander(DelegateExecution execution) {
    Object commander = execution.getVariable(ProcessVariables.INCIDENT_COMMANDER);
    return commander == null || String.valueOf(commander).isBlank() ? null : String.valueOf(commander);
  }

  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value);
  }
}
