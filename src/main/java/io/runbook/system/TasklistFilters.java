package io.runbook.system;

import io.runbook.process.ProcessVariables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Shared Tasklist filters: every responder sees the tasks assigned to them and the tasks offered to
 * their groups, with the incident id, severity and title on each card. Created once, by name.
 */
@Component
@Order(2)
public class TasklistFilters extends AbstractProcessEnginePlugin {

  public static final String MY_TASKS = "My incident tasks";
  public static final String GROUP_TASKS = "My groups' incident tasks";

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    createMissingFilters(engine.getFilterService(), engine.getTaskService());
  }

  void createMissingFilters(FilterService filterService, TaskService taskService) {
    TaskQuery mine = taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}");
    create(filterService, MY_TASKS, mine, -10, "#d9534f", "Tasks assigned to me");
    TaskQuery groups = taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}");
    create(filterService, GROUP_TASKS, groups, -5, "#f0ad4e", "Unclaimed tasks offered to my groups");
  }

  private static void create(FilterService filterService, String name, TaskQuery query, int priority, String color, String description) {
    if (filterService.createFilterQuery().filterName(name).count() > 0) {
      return;
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("refresh", true);
    properties.put(
        "variables",
        List.of(
            Map.of("name", ProcessVariables.INCIDENT_ID, "label", "Incident"),
            Map.of("name", ProcessVariables.TITLE, "label", "Title"),
            Map.of("name", ProcessVariables.SEVERITY, "label", "Severity"),
            Map.of("name", ProcessVariables.PROPOSED_SEVERITY, "label", "Proposed severity")));
    Filter filter = filterService.newTaskFilter(name).setQuery(query).setProperties(properties);
    filterService.saveFilter(filter);
  }
}
