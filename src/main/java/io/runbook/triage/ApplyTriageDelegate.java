package io.runbook.triage;

import io.runbook.communication.IncidentMessages;
import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Apply triage": records what the chosen severity means for the rest of the incident. */
@Component(Beans.APPLY_TRIAGE)
public class ApplyTriageDelegate implements JavaDelegate {

  private final TriageAssessment assessment;
  private final IncidentMessages messages;
  private final StakeholderNotices stakeholders;

  public ApplyTriageDelegate(TriageAssessment assessment, IncidentMessages messages, StakeholderNotices stakeholders) {
    this.assessment = assessment;
    this.messages = messages;
    this.stakeholders = stakeholders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TriageAssessment.Outcome outcome =
        assessment.assess((String) execution.getVariable(ProcessVariables.SEVERITY));
    execution.setVariable(ProcessVariables.SEVERITY, outcome.severity().code());
    execution.setVariable(ProcessVariables.RESPONSE_TIME, outcome.responseTime());
    execution.setVariable(ProcessVariables.RESPONSE_TEAM_REQUIRED, outcome.responseTeamRequired());
    execution.setVariable(ProcessVariables.POST_MORTEM_REQUIRED, outcome.postMortemRequired());
    // Rendered after the severity is set: the notification now shows triage's decision and what it named.
    execution.setVariable(ProcessVariables.INITIAL_NOTIFICATION, messages.initialNotification(execution));
    // The runbook's "Notify relevant stakeholders": the lists of runbook.stakeholders for this severity.
    stakeholders.triaged(execution);
  }
}
