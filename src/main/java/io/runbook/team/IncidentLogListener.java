package io.runbook.team;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import io.runbook.system.RunbookGroups;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The scribe's incident log (runbook roles: Scribe, "documentation, timeline"). Create listener of
 * "Incident log: add a note": the task is assigned to the Scribe and offered to the Incident
 * Commander; before a team is assembled (or for an incident without one) it is offered to responders
 * and team leads. Its condition {@link #teamChanged} lets the model open it again for the new people
 * when the team is assembled or changed, so it never stays with whoever had it before.
 */
@Component(Beans.INCIDENT_LOG)
public class IncidentLogListener implements TaskListener {

  @Override
  public void notify(DelegateTask log) {
    String scribe = text(log.getVariable(ProcessVariables.SCRIBE));
    String commander = text(log.getVariable(ProcessVariables.INCIDENT_COMMANDER));
    Set<String> people = new LinkedHashSet<>();
    if (scribe != null) {
      people.add(scribe);
    }
    if (commander != null) {
      people.add(commander);
    }
    if (people.isEmpty()) {
      log.addCandidateGroups(List.of(RunbookGroups.RESPONDERS, RunbookGroups.TEAM_LEADS));
    } else {
      log.addCandidateUsers(people);
      log.setAssignee(people.iterator().next());
    }
    log.getExecution().setVariableLocal(ProcessVariables.INCIDENT_LOG_TEAM, team(scribe, commander));
  }

  /** Condition of "Team changed": the Scribe or Incident Commander is not who the open log task was offered to. */
  public boolean teamChanged(DelegateExecution log) {
    Object offeredTo = log.getVariableLocal(ProcessVariables.INCIDENT_LOG_TEAM);
    if (offeredTo == null) {
      return false;
    }
    return !offeredTo.equals(team(text(log.getVariable(ProcessVariables.SCRIBE)),
        text(log.getVariable(ProcessVariables.INCIDENT_COMMANDER))));
  }

  private static String team(String scribe, String commander) {
    return "scribe=" + (scribe == null ? "" : scribe) + ";incidentCommander=" + (commander == null ? "" : commander);
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }
}
