package io.runbook.incident;

import io.runbook.incident.IncidentProcess.Var;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** "Register incident": the incident ticket is created and named; its id becomes the business key. */
@Component("registerIncident")
public class RegisterIncidentDelegate implements JavaDelegate {

  private final IncidentIntake intake;

  public RegisterIncidentDelegate(IncidentIntake intake) {
    this.intake = intake;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String given = execution.getProcessBusinessKey();
    // Transient: tells the registry that the id was chosen before the start (ingestion allocates
    // ids ahead); such an id must be one Runbook allocated and no other process uses.
    execution.setVariable(Var.INCIDENT_ID_GIVEN,
        Variables.booleanValue(given != null && !given.isBlank(), true));
    IncidentIntake.Registration registration =
        intake.register(
            execution.getProcessBusinessKey(),
            (String) execution.getVariable(Var.SOURCE),
            (String) execution.getVariable(Var.PROPOSED_SEVERITY),
            (String) execution.getVariable(Var.TITLE),
            (String) execution.getVariable(Var.AFFECTED_SYSTEMS));

    execution.setProcessBusinessKey(registration.incidentId());
    execution.setVariable(Var.INCIDENT_ID, registration.incidentId());
    // Written only when registration changed them: every write is a row in the history.
    setIfChanged(execution, Var.SOURCE, registration.source().id());
    setIfChanged(execution, Var.PROPOSED_SEVERITY, registration.proposedSeverity().code());
    execution.setVariable(Var.REPORTED_AT, ClockUtil.getCurrentTime());
    execution.setVariable(Var.CHANNEL, registration.channel());
    execution.setVariable(Var.INITIAL_NOTIFICATION, registration.initialNotification());
    execution.setVariable(Var.SEVERITY_GUIDE, intake.severityGuide());
    defaultTo(execution, Var.SECURITY_RELATED, false);
    defaultTo(execution, Var.DATA_BREACH_SUSPECTED, false);
    defaultTo(execution, Var.POST_MORTEM_REQUESTED, false);
    // The roles (chosen at team assembly) and the reporter (manual reports) stay unset until known:
    // the models read them with execution.getVariable, and later tasks fall back to their candidate groups.
  }

  private static void setIfChanged(DelegateExecution execution, String name, Object value) {
    if (!Objects.equals(execution.getVariable(name), value)) {
      execution.setVariable(name, value);
    }
  }

  private static void defaultTo(DelegateExecution execution, String name, Object value) {
    if (!execution.hasVariable(name)) {
      execution.setVariable(name, value);
    }
  }
}
