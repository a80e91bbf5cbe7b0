package io.runbook.incident;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** "Register incident": the incident ticket is created and named; its id becomes the business key. */
@Component(Beans.REGISTER_INCIDENT)
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
    execution.setVariable(ProcessVariables.INCIDENT_ID_GIVEN,
        Variables.booleanValue(given != null && !given.isBlank(), true));
    IncidentIntake.Registration registration =
        intake.register(
            execution.getProcessBusinessKey(),
            (String) execution.getVariable(ProcessVariables.SOURCE),
            (String) execution.getVariable(ProcessVariables.PROPOSED_SEVERITY));

    execution.setProcessBusinessKey(registration.incidentId());
    execution.setVariable(ProcessVariables.INCIDENT_ID, registration.incidentId());
    // Written only when registration changed them: every write is a row in the history.
    setIfChanged(execution, ProcessVariables.SOURCE, registration.source().id());
    setIfChanged(execution, ProcessVariables.PROPOSED_SEVERITY, registration.proposedSeverity().code());
    execution.setVariable(ProcessVariables.REPORTED_AT, ClockUtil.getCurrentTime());
    execution.setVariable(ProcessVariables.CHANNEL, registration.channel());
    // Not stored here: the severity table and the notification preview the triage form shows are
    // rendered when the form opens (TriageForm); opening an incident writes only what it knows.
    // Who reported it: the person who submitted "Report incident" (an alert has nobody, and then
    // nothing is written; the model's camunda:initiator would write null on every alert).
    Authentication reporter = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (reporter != null && reporter.getUserId() != null) {
      defaultTo(execution, ProcessVariables.REPORTED_BY, reporter.getUserId());
    }
    defaultTo(execution, ProcessVariables.SECURITY_RELATED, false);
    defaultTo(execution, ProcessVariables.DATA_BREACH_SUSPECTED, false);
    defaultTo(execution, ProcessVariables.POST_MORTEM_REQUESTED, false);
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
