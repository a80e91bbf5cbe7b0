package io.runbook.triage;

import io.runbook.incident.IncidentProcess.Var;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Apply triage": records what the chosen severity means for the rest of the incident. */
@Component("applyTriage")
public class ApplyTriageDelegate implements JavaDelegate {

  private final TriageAssessment assessment;

  public ApplyTriageDelegate(TriageAssessment assessment) {
    this.assessment = assessment;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TriageAssessment.Outcome outcome =
        assessment.assess(
            (String) execution.getVariable(Var.SEVERITY),
            (String) execution.getVariable(Var.TITLE),
            (String) execution.getVariable(Var.AFFECTED_SYSTEMS),
            (String) execution.getVariable(Var.AFFECTED_USERS),
            (String) execution.getVariable(Var.CHANNEL));
    execution.setVariable(Var.SEVERITY, outcome.severity().code());
    execution.setVariable(Var.RESPONSE_TIME, outcome.responseTime());
    execution.setVariable(Var.RESPONSE_TEAM_REQUIRED, outcome.responseTeamRequired());
    execution.setVariable(Var.POST_MORTEM_REQUIRED, outcome.postMortemRequired());
    execution.setVariable(Var.INITIAL_NOTIFICATION, outcome.initialNotification());
  }
}
