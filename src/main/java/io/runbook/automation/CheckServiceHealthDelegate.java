package io.runbook.automation;

import io.runbook.incident.IncidentProcess.Var;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Verify service restoration" and "Periodic health check": run the configured {@code health}
 * action; {@code serviceRestored} follows its result.
 */
@Component("checkServiceHealth")
public class CheckServiceHealthDelegate implements JavaDelegate {

  private final AutomationService automation;

  public CheckServiceHealthDelegate(AutomationService automation) {
    this.automation = automation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      automation.perform(execution, Actions.HEALTH, AutomationService.OnFailure.BPMN_ERROR);
      execution.setVariable(Var.SERVICE_RESTORED, true);
    } catch (BpmnError unhealthy) {
      execution.setVariable(Var.SERVICE_RESTORED, false);
      throw unhealthy;
    }
  }
}
