package io.runbook.team;

import io.runbook.forms.SubmissionRule;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * "Assemble response team" may only name people who exist: each role becomes the assignee of the
 * later tasks that are theirs, and a typo would leave those tasks with nobody.
 */
@Component
public class ResponseTeamValidator implements SubmissionRule {

  private static final Map<String, String> ROLES = new LinkedHashMap<>();

  static {
    ROLES.put(ProcessVariables.INCIDENT_COMMANDER, "Incident Commander");
    ROLES.put(ProcessVariables.TECHNICAL_LEAD, "Technical Lead");
    ROLES.put(ProcessVariables.COMMUNICATIONS_LEAD, "Communications");
    ROLES.put(ProcessVariables.SCRIBE, "Scribe");
  }

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentResponse.ASSEMBLE_TEAM, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    IdentityService identity = task.getProcessEngineServices().getIdentityService();
    List<String> problems = new ArrayList<>();
    ROLES.forEach(
        (variable, role) -> {
          if (task.getVariable(variable) instanceof String userId
              && !userId.isBlank()
              && identity.createUserQuery().userId(userId).count() == 0) {
            problems.add(role + " '" + userId + "' is not a known user");
          }
        });
    return problems;
  }
}
