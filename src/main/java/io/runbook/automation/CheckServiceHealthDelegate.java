package io.runbook.automation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Verify service restoration" and "Periodic health check": run the configured {@code health}
 * action; {@code serviceRestored} follows its result.
 */
@Component(Beans.CHECK_SERVICE_HEALTH)
public class CheckServiceHealthDelegate implements JavaDelegate {

  private final AutomationService automation;

  public CheckServiceHealthDelegate(AutomationService automation) {
    this.automation = automation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      automation.perform(execution, Actions.HEALTH, AutomationService.OnFailure.BPMN_ERROR);
      execution.setVariable(ProcessVariables.SERVICE_RESTORED, true);
    } catch (BpmnError unhealthy) {
      execution.setVariable(ProcessVariables.SERVICE_RESTORED, false);
      throw unhealthy;
    }
  }
}
