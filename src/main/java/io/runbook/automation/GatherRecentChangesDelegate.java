package io.runbook.automation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Gather recent changes": runs the configured {@code recent-changes} action and sets the link to
 * the service's telemetry dashboard, both shown on the investigation form. A failure never blocks
 * the investigation: it is recorded, and the investigation task raises the Camunda incident.
 */
@Component(Beans.GATHER_RECENT_CHANGES)
public class GatherRecentChangesDelegate implements JavaDelegate {

  private final AutomationService automation;
  private final ActionCatalogue catalogue;

  public GatherRecentChangesDelegate(AutomationService automation, ActionCatalogue catalogue) {
    this.automation = automation;
    this.catalogue = catalogue;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(ProcessVariables.TELEMETRY_DASHBOARD_URL, catalogue.telemetryDashboardUrl(automation.serviceOf(execution)));
    automation.perform(execution, Actions.RECENT_CHANGES, AutomationService.OnFailure.CONTINUE);
  }
}
