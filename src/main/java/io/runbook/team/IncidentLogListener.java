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
 * The scribe's incident log (runbook roles: Scribe, "documentation, timeline"). "Incident log: add a
 * note" is assigned to the Scribe and offered to the Incident Commander; before a team is assembled
 * (or for an incident without one) it is offered to responders and team leads. Its condition {@link #teamChanged} lets the model open it again for the new people
 * when the team is assembled or changed, so it never stays with whoever had it before.
 */
@Component(Beans.INCIDENT_LOG)
public class IncidentLogListener implements TaskListener {

  /**
   * Who the log task is assigned to: the Scribe, else the Incident Commander, else nobody. Evaluated by
   * the model ({@code camunda:assignee}) when the task is created, before Runbook makes the Incident
   * Commander its owner: an owner only reads, and a person's first grant on a task is the one that counts.
   */
  public String assignee(DelegateExecution log) {
    List<String> people = candidateUsers(log);
    return people.isEmpty() ? null : people.get(0);
  }

  /** The Scribe and the Incident Commander, as named at team assembly. */
  public List<String> candidateUsers(DelegateExecution log) {
    Set<String> people = new LinkedHashSet<>();
    String scribe = text(log.getVariable(ProcessVariables.SCRIBE));
    String commander = text(log.getVariable(ProcessVariables.INCIDENT_COMMANDER));
    if (scribe != null) {
      people.add(scribe);
    }
    if (commander != null) {
      people.add(commander);
    }
    return List.copyOf(people);
  }

  /** Before a team is named (or for an incident without one): responders and team leads. */
  public List<String> candidateGroups(DelegateExecution log) {
    return candidateUsers(log).isEmpty() ? List.of(RunbookGroups.RESPONDERS, RunbookGroups.TEAM_LEADS) : List.of();
  }

  /** Create listener: remembers who the task was offered to, for {@link #teamChanged}. */
  @Override
  public void notify(DelegateTask log) {
    log.getExecution().setVariableLocal(ProcessVariables.INCIDENT_LOG_TEAM,
        team(text(log.getVariable(ProcessVariables.SCRIBE)), text(log.getVariable(ProcessVariables.INCIDENT_COMMANDER))));
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
