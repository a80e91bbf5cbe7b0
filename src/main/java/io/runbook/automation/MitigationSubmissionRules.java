package io.runbook.automation;

import io.runbook.forms.ControlVariables;
import io.runbook.forms.SubmissionRule;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.ProcessVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * What the mitigation forms cannot express: a quick fix must be implemented before its health
 * check; a rollback is decided by the Incident Commander (a team lead other than the requester
 * only when no commander was assigned), and a rejection needs a reason.
 */
@Component
public class MitigationSubmissionRules implements SubmissionRule {

  static final String TEAM_LEADS = "team-leads";

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentMitigation.MITIGATE, IncidentMitigation.APPROVE_ROLLBACK);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    List<String> problems = new ArrayList<>();
    if (IncidentMitigation.MITIGATE.equals(task.getTaskDefinitionKey())) {
      if ("quick-fix".equals(task.getVariable(ProcessVariables.MITIGATION_ACTION))
          && !Boolean.TRUE.equals(task.getVariable(ProcessVariables.FIX_IMPLEMENTED))) {
        problems.add("'Quick fix implemented' (fixImplemented) must be checked for a quick fix: "
            + "the health check runs right after this task");
      }
    } else {
      if ("rejected".equals(task.getVariable(ProcessVariables.ROLLBACK_APPROVAL))) {
        Object comment = task.getVariable(ProcessVariables.ROLLBACK_APPROVAL_COMMENT);
        if (comment == null || String.valueOf(comment).isBlank()) {
          problems.add("'Comment' (rollbackApprovalComment) is required when the rollback is rejected");
        }
      }
      String problem = approverProblem(task);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /**
   * The Incident Commander decides on a rollback. Only when the incident has none (no response team
   * was assembled) may a team lead decide instead, and never the person who asked for the rollback:
   * nobody approves their own. Checked whatever the engine's authorizations allow (a team lead can
   * claim or be handed the task; that does not make them the commander).
   */
  private static String approverProblem(DelegateTask task) {
    IdentityService identity = task.getProcessEngineServices().getIdentityService();
    Authentication current = identity.getCurrentAuthentication();
    if (current == null || current.getUserId() == null) {
      return null; // an internal call: nobody to check
    }
    String user = current.getUserId();
    Object commander = task.getVariable(ProcessVariables.INCIDENT_COMMANDER);
    if (commander != null && !String.valueOf(commander).isBlank()) {
      return user.equals(commander) ? null
          : "only the Incident Commander (" + commander + ") may approve or reject this rollback; '" + user + "' is not";
    }
    Object requestedBy = task.getVariable(ControlVariables.RECORDED_AS.get(IncidentMitigation.MITIGATE));
    if (user.equals(requestedBy)) {
      return "'" + user + "' asked for this rollback and cannot approve it; with no Incident Commander assigned,"
          + " another member of " + TEAM_LEADS + " decides";
    }
    boolean isTeamLead = identity.createUserQuery().userId(user).memberOfGroup(TEAM_LEADS).count() > 0;
    return isTeamLead ? null
        : "only the Incident Commander, or with none assigned a member of " + TEAM_LEADS
            + ", may approve or reject a rollback; '" + user + "' is neither";
  }
}
