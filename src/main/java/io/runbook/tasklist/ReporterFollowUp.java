package io.runbook.tasklist;

import io.runbook.communication.Notifications;
import io.runbook.communication.Recipient;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * The person who reports an incident through "Start process" learns its id at once, twice over:
 * an e-mail receipt through the notification outbox (sent right after the report commits, to the
 * address the identity service holds for them), and a light task "Follow INC-…" assigned to them,
 * which the *Incidents I reported* filter lists with the incident's id, title and severity, due
 * under the resolution SLA. Tasklist lists tasks only, and a reporter usually holds none: the
 * follow task is what puts the incident in front of them. It is a standalone task (no process, no
 * form), so it changes nothing in the incident's model or history; the engine completes it when
 * the incident is closed, and the reporter may complete it earlier to stop following.
 * Alerts have no person reporter; drills are followed through the drill report.
 */
@Service
public class ReporterFollowUp {

  public static final String ROLE = "Reporter";
  static final String FOLLOW = "Follow ";

  private final TaskUrgency urgency;
  private final Notifications notifications;

  public ReporterFollowUp(TaskUrgency urgency, Notifications notifications) {
    this.urgency = urgency;
    this.notifications = notifications;
  }

  /** End listener of "Register incident". */
  void registered(DelegateExecution incident) {
    IncidentFacts facts = IncidentFacts.read(incident::getVariable);
    if (facts.reportedBy() == null || facts.drill() || facts.incidentId() == null) {
      return;
    }
    TaskService taskService = incident.getProcessEngineServices().getTaskService();
    TaskEntity follow = (TaskEntity) taskService.newTask();
    follow.setAssignee(facts.reportedBy());
    follow.setDescription(description(facts));
    Instant now = ClockUtil.getCurrentTime().toInstant();
    TaskUrgency.Card card = urgency.card(null, baseName(facts), now, facts);
    follow.setName(card.name());
    follow.setPriority(card.priority());
    follow.setDueDate(card.due());
    taskService.saveTask(follow);
    follow.setVariableLocal(ProcessVariables.FOLLOWED_INCIDENT, facts.incidentId());
    follow.setVariableLocal(ProcessVariables.INCIDENT_ID, facts.incidentId());
    follow.setVariableLocal(ProcessVariables.TITLE, facts.title());
    follow.setVariableLocal(ProcessVariables.SEVERITY, facts.severity().code());

    IdentityService identity = incident.getProcessEngineServices().getIdentityService();
    User reporter = identity.createUserQuery().userId(facts.reportedBy()).singleResult();
    if (reporter != null && reporter.getEmail() != null && !reporter.getEmail().isBlank()) {
      notifications.sendByEmail(incident, new Recipient(ROLE, List.of(reporter.getEmail().trim()), List.of()),
          "your report is registered as " + facts.incidentId(),
          "You reported this incident; its id is " + facts.incidentId()
              + ". Quote it whenever you talk about the incident. The developer on call has been paged. Follow it in"
              + " Tasklist under \"Incidents I reported\".");
    }
  }

  /** End listener of "Close incident ticket" and of the incident process: following ends with the incident. */
  void closed(DelegateExecution incident) {
    String incidentId = incident.getProcessBusinessKey();
    if (incidentId == null) {
      return;
    }
    TaskService taskService = incident.getProcessEngineServices().getTaskService();
    for (Task follow : followTasks(taskService, incidentId)) {
      taskService.complete(follow.getId());
    }
  }

  static List<Task> followTasks(TaskService tasks, String incidentId) {
    return tasks.createTaskQuery().taskVariableValueEquals(ProcessVariables.FOLLOWED_INCIDENT, incidentId).listPage(0, IncidentTasks.MAX_TASKS);
  }

  /** A follow task's card after a change of severity or escalation; its card variables follow. */
  static void update(TaskEntity follow, TaskUrgency.Card card, IncidentFacts facts) {
    TaskUrgency.apply(follow, new TaskUrgency.Card(card.name(), card.priority(), card.due(), null));
    if (!Objects.equals(follow.getVariableLocal(ProcessVariables.SEVERITY), facts.severity().code())) {
      follow.setVariableLocal(ProcessVariables.SEVERITY, facts.severity().code());
    }
    String description = description(facts);
    if (!Objects.equals(follow.getDescription(), description)) {
      follow.setDescription(description);
    }
  }

  static String baseName(IncidentFacts facts) {
    return FOLLOW + facts.incidentId() + (facts.title() == null ? "" : ": " + facts.title());
  }

  static String description(IncidentFacts facts) {
    return "You reported " + facts.incidentId() + (facts.title() == null ? "" : " (" + facts.title() + ")")
        + ". Severity " + facts.severity().code() + "; the people working it have their own tasks. This task only"
        + " shows the incident in \"Incidents I reported\" and ends when the incident is closed; complete it to stop"
        + " following.";
  }
}
