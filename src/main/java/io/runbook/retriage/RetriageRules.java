package io.runbook.retriage;

import io.runbook.forms.SubmissionRule;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * What the re-triage form cannot express: only the Incident Commander re-triages (a member of
 * team-leads when the incident has none), whatever the engine's authorizations allow (a team lead
 * can claim or be handed the task; that does not make them the commander); a reason is required;
 * and a re-triage changes something.
 */
@Component
public class RetriageRules implements SubmissionRule {

  static final String TEAM_LEADS = "team-leads";

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentResponse.REASSESS_SEVERITY);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    List<String> problems = new ArrayList<>();
    String who = whoProblem(task);
    if (who != null) {
      problems.add(who);
    }
    Object reason = task.getVariable(ProcessVariables.SEVERITY_CHANGE_REASON);
    if (reason == null || String.valueOf(reason).isBlank()) {
      problems.add("'Why' (severityChangeReason) is required: say why the severity or the flags change");
    }
    Object severity = task.getVariable(ProcessVariables.SEVERITY);
    if (!(severity instanceof String code) || Severity.fromCode(code).isEmpty()) {
      problems.add("'Severity' (severity) must be one of SEV-1, SEV-2, SEV-3, SEV-4; got '" + severity + "'");
    }
    boolean unchanged = Objects.equals(severity, task.getVariableLocal(ProcessVariables.SEVERITY_BEFORE))
        && flag(task.getVariable(ProcessVariables.SECURITY_RELATED)) == flag(task.getVariableLocal(ProcessVariables.SECURITY_RELATED_BEFORE))
        && flag(task.getVariable(ProcessVariables.DATA_BREACH_SUSPECTED))
            == flag(task.getVariableLocal(ProcessVariables.DATA_BREACH_SUSPECTED_BEFORE));
    if (unchanged && task.getVariableLocal(ProcessVariables.SEVERITY_BEFORE) != null) {
      problems.add("nothing changed: change the severity (severity), security-related (securityRelated) or data breach"
          + " suspected (dataBreachSuspected), or leave the task open");
    }
    return problems;
  }

  private static String whoProblem(DelegateTask task) {
    IdentityService identity = task.getProcessEngineServices().getIdentityService();
    Authentication current = identity.getCurrentAuthentication();
    if (current == null || current.getUserId() == null) {
      return null; // an internal call: nobody to check
    }
    String user = current.getUserId();
    String commander = ReassessSeverityListener.commander(task.getExecution());
    if (commander != null) {
      return user.equals(commander) ? null
          : "only the Incident Commander (" + commander + ") may re-assess this incident's severity; '" + user + "' is not";
    }
    boolean isTeamLead = identity.createUserQuery().userId(user).memberOfGroup(TEAM_LEADS).count() > 0;
    return isTeamLead ? null
        : "only the Incident Commander, or with none assigned a member of " + TEAM_LEADS
            + ", may re-assess this incident's severity; '" + user + "' is neither";
  }

  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value);
  }
}
