package io.runbook.automation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Configuration the BPMN models read through expressions: the monitoring window and health-check
 * interval timers ({@code ${automationSchedule.monitoringWindow()}}) and each action's retry cycle
 * ({@code ${automationSchedule.retryCycle(execution, 'health')}} in
 * {@code camunda:failedJobRetryTimeCycle}), so changing them needs no model change.
 */
@Component(Beans.AUTOMATION_SCHEDULE)
public class AutomationSchedule {

  private final AutomationSettings settings;
  private final AutomationService automation;

  public AutomationSchedule(AutomationSettings settings, AutomationService automation) {
    this.settings = settings;
    this.automation = automation;
  }

  public String monitoringWindow() {
    return settings.monitoringWindow().toString();
  }

  public String healthCheckInterval() {
    return settings.healthCheckInterval().toString();
  }

  public String retryCycle(DelegateExecution execution, String action) {
    return automation.retryCycle(execution, action);
  }
}
