package io.runbook.tasklist;

import io.runbook.process.IncidentResponse;
import io.runbook.process.RunbookReview;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * Puts {@link TaskUrgency}'s card on the runbook's tasks: on every user task when it is created, and
 * on every open task of an incident when its severity or an escalation level changes. Runs inside
 * the engine's listeners (Tasklist users cannot write task properties; that is intended).
 */
@Service
public class IncidentTasks {

  /** The engine refuses unbounded queries when a person caused them; no incident has this many open tasks. */
  static final int MAX_TASKS = 2000;

  private final TaskUrgency urgency;

  public IncidentTasks(TaskUrgency urgency) {
    this.urgency = urgency;
  }

  /** Create listener of every user task. */
  void created(DelegateTask delegate) {
    TaskEntity task = (TaskEntity) delegate;
    ExecutionEntity execution = task.getExecution();
    if (execution == null) {
      return;
    }
    String processKey = execution.getProcessDefinition().getKey();
    Instant created = created(task);
    if (RunbookReview.PROCESS_KEY.equals(processKey)) {
      TaskUrgency.apply(task, TaskUrgency.runbookReviewCard(task.getName(), created));
      return;
    }
    if (!TaskUrgency.INCIDENT_PROCESSES.contains(processKey)) {
      return;
    }
    IncidentFacts incident = incidentOf(execution);
    if (incident != null) {
      TaskUrgency.apply(task, urgency.card(task.getTaskDefinitionKey(), task.getName(), created, incident));
    }
  }

  /**
   * Every open task of the incident running in {@code incident} gets its card again (a severity
   * decided or changed, an escalation level reached, an Incident Commander named), the reporter's
   * follow task included.
   */
  void refresh(DelegateExecution incident) {
    String incidentId = incident.getProcessBusinessKey();
    if (incidentId == null) {
      return;
    }
    IncidentFacts facts = IncidentFacts.read(incident::getVariable);
    var tasks = incident.getProcessEngineServices().getTaskService();
    for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(incidentId).listPage(0, MAX_TASKS)) {
      ExecutionEntity execution = ((TaskEntity) task).getExecution();
      if (execution != null && TaskUrgency.INCIDENT_PROCESSES.contains(execution.getProcessDefinition().getKey())) {
        IncidentFacts taskFacts = IncidentResponse.STATUS_PAGE_UPDATE.equals(task.getTaskDefinitionKey())
            ? facts.withStatusUpdate(execution::getVariable) : facts;
        TaskUrgency.apply((TaskEntity) task,
            urgency.card(task.getTaskDefinitionKey(), task.getName(), created((TaskEntity) task), taskFacts));
      }
    }
    for (Task follow : ReporterFollowUp.followTasks(tasks, incidentId)) {
      ReporterFollowUp.update((TaskEntity) follow, urgency.card(null, follow.getName(), created((TaskEntity) follow), facts),
          facts);
    }
  }

  /**
   * The incident a task belongs to: its own process, the incident process above a called process
   * (mitigation, reviews), or the incident process with the same business key (notifications).
   */
  private static IncidentFacts incidentOf(ExecutionEntity execution) {
    ExecutionEntity scope = execution;
    ExecutionEntity top = execution.getProcessInstance();
    while (top.getSuperExecution() != null) {
      scope = top.getSuperExecution();
      top = scope.getProcessInstance();
    }
    if (IncidentResponse.PROCESS_KEY.equals(top.getProcessDefinition().getKey())) {
      VariableScope variables = scope;
      return IncidentFacts.read(variables::getVariable);
    }
    String incidentId = top.getBusinessKey();
    if (incidentId == null) {
      return IncidentFacts.read(execution::getVariable);
    }
    var runtime = execution.getProcessEngineServices().getRuntimeService();
    ProcessInstance incident = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).listPage(0, 1).stream().findFirst().orElse(null);
    if (incident == null) {
      return IncidentFacts.read(execution::getVariable);
    }
    Map<String, Object> variables = runtime.getVariables(incident.getId());
    return IncidentFacts.read(variables::get);
  }

  private static Instant created(TaskEntity task) {
    return task.getCreateTime() != null ? task.getCreateTime().toInstant() : ClockUtil.getCurrentTime().toInstant();
  }
}
