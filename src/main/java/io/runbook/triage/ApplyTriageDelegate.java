package io.runbook.triage;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Apply triage": records what the chosen severity means for the rest of the incident. */
@Component(Beans.APPLY_TRIAGE)
public class ApplyTriageDelegate implements JavaDelegate {

  private final TriageAssessment assessment;

  public ApplyTriageDelegate(TriageAssessment assessment) {
    this.assessment = assessment;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TriageAssessment.Outcome outcome =
        assessment.assess(
            (String) execution.getVariable(ProcessVariables.SEVERITY),
            (String) execution.getVariable(ProcessVariables.TITLE),
            (String) execution.getVariable(ProcessVariables.AFFECTED_SYSTEMS),
            (String) execution.getVariable(ProcessVariables.AFFECTED_USERS),
            (String) execution.getVariable(ProcessVariables.CHANNEL));
    execution.setVariable(ProcessVariables.SEVERITY, outcome.severity().code());
    execution.setVariable(ProcessVariables.RESPONSE_TIME, outcome.responseTime());
    execution.setVariable(ProcessVariables.RESPONSE_TEAM_REQUIRED, outcome.responseTeamRequired());
    execution.setVariable(ProcessVariables.POST_MORTEM_REQUIRED, outcome.postMortemRequired());
    execution.setVariable(ProcessVariables.INITIAL_NOTIFICATION, outcome.initialNotification());
  }
}
