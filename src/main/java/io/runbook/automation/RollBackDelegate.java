package io.runbook.automation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Roll back to previous version": runs the configured {@code rollback} action. */
@Component(Beans.ROLL_BACK)
public class RollBackDelegate implements JavaDelegate {

  private final AutomationService automation;

  public RollBackDelegate(AutomationService automation) {
    this.automation = automation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    automation.perform(execution, Actions.ROLLBACK, AutomationService.OnFailure.BPMN_ERROR);
  }
}
