package io.runbook.system;

import io.runbook.process.ActionItemFollowUp;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.RunbookReview;
import io.runbook.process.SecurityReview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Shared Tasklist filters. Every list is sorted by due date (the SLA each task is due under), then
 * by priority (severity plus escalation level), and each card shows the incident id, title and
 * severity; the task's name starts with the severity and Tasklist shows the due date itself. The
 * filters are kept exact by name on every start: a database that already has one (the demo's
 * {@code ./data}) gets the current query, sorting and card variables, not only the missing filters.
 */
@Component
@Order(2)
public class TasklistFilters extends AbstractProcessEnginePlugin {

  public static final String MY_TASKS = "My incident tasks";
  public static final String OVERDUE = "Overdue";
  public static final String GROUP_TASKS = "My groups' incident tasks";
  public static final String AS_INCIDENT_COMMANDER = "My incidents as Incident Commander";
  public static final String REPORTED_BY_ME = "Incidents I reported";
  public static final String MY_ACTION_ITEMS = "My action items";

  /** The runbook's processes: the filters of work leave out anything else (the reporter's follow tasks included). */
  static final String[] RUNBOOK_PROCESSES = {IncidentResponse.PROCESS_KEY, IncidentMitigation.PROCESS_KEY,
      IncidentNotification.PROCESS_KEY, SecurityReview.PROCESS_KEY, LegalReview.PROCESS_KEY, RunbookReview.PROCESS_KEY,
      ActionItemFollowUp.PROCESS_KEY};

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ensureFilters(engine.getFilterService(), engine.getTaskService());
  }

  void ensureFilters(FilterService filterService, TaskService taskService) {
    ensure(filterService, MY_TASKS, sorted(work(taskService).taskAssigneeExpression("${currentUser()}")),
        -10, "#d9534f", "Tasks assigned to me, the most urgent first");
    ensure(filterService, OVERDUE, sorted(work(taskService).dueBeforeExpression("${now()}")),
        -8, "#a94442", "Every task I can see whose due date (its SLA) has passed, the longest overdue first");
    ensure(filterService, GROUP_TASKS, sorted(work(taskService).taskCandidateGroupInExpression("${currentUserGroups()}")),
        -5, "#f0ad4e", "Unclaimed tasks offered to my groups, the most urgent first");
    ensure(filterService, AS_INCIDENT_COMMANDER, sorted(work(taskService).taskOwnerExpression("${currentUser()}")),
        0, "#337ab7", "Every open task of the incidents I command, whoever works it (view only)");
    ensure(filterService, REPORTED_BY_ME, sorted(taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}")
            .taskVariableValueLike(ProcessVariables.FOLLOWED_INCIDENT, "%")),
        5, "#5bc0de", "The incidents I reported, with their id; each ends when its incident is closed");
    ensure(filterService, MY_ACTION_ITEMS, taskService.createTaskQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
            .taskAssigneeExpression("${currentUser()}").orderByDueDate().asc().orderByTaskCreateTime().asc(),
        10, "#5cb85c", "Post-mortem action items I own, the earliest due first; complete one when it is done",
        List.of(Map.of("name", ProcessVariables.INCIDENT_ID, "label", "Incident"),
            Map.of("name", ProcessVariables.ACTION_ITEM, "label", "Action")));
  }

  private static TaskQuery work(TaskService taskService) {
    return taskService.createTaskQuery().processDefinitionKeyIn(RUNBOOK_PROCESSES);
  }

  /** Due date first (tasks without one last on PostgreSQL, first on H2: every runbook task has one), then priority. */
  private static TaskQuery sorted(TaskQuery query) {
    return query.orderByDueDate().asc().orderByTaskPriority().desc().orderByTaskCreateTime().asc();
  }

  private static void ensure(FilterService filterService, String name, TaskQuery query, int priority, String color,
      String description) {
    ensure(filterService, name, query, priority, color, description, List.of(
        Map.of("name", ProcessVariables.INCIDENT_ID, "label", "Incident"),
        Map.of("name", ProcessVariables.TITLE, "label", "Title"),
        Map.of("name", ProcessVariables.SEVERITY, "label", "Severity"),
        Map.of("name", ProcessVariables.PROPOSED_SEVERITY, "label", "Proposed severity")));
  }

  private static void ensure(FilterService filterService, String name, TaskQuery query, int priority, String color,
      String description, List<Map<String, String>> cardVariables) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("refresh", true);
    properties.put("variables", cardVariables);
    // The shared one (no owner); a person's own filter of the same name is theirs.
    Filter filter = filterService.createFilterQuery().filterName(name).list().stream()
        .filter(f -> f.getOwner() == null).findFirst().orElseGet(() -> filterService.newTaskFilter(name));
    filterService.saveFilter(filter.setQuery(query).setProperties(properties));
  }
}
