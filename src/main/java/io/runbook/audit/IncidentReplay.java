package io.runbook.audit;

import io.runbook.escalation.AcknowledgementSla;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.springframework.stereotype.Service;

/**
 * The incident as it stood at an instant, from its history: phase, severity, the tasks open then and
 * who held each, the SLA clocks, the incident's variables with the values they had, and for each
 * process (the incident and those it called) the activities active and completed, so a diagram can be
 * drawn as it was. A variable's value at T is its last recorded update at or before T; an update that
 * wrote the same value again changes nothing (older incidents got such rewrites when mitigation ended,
 * see {@link ChangedVariablesOnly}).
 */
@Service
public class IncidentReplay {

  public record State(
      String incidentId,
      Instant at,
      String phase,
      String severity,
      String status,
      String acknowledgedBy,
      List<OpenTask> openTasks,
      Map<String, Clock> sla,
      Map<String, Object> variables,
      List<ProcessState> processes,
      TimelineEvent lastEvent) {}

  public record OpenTask(String taskId, String name, String activityId, String processInstanceId, Instant createdAt,
      String holder, List<String> candidateGroups, Instant due) {}

  /** An SLA clock at the instant: running, met, breached (and still running), or not started. */
  public record Clock(String status, Instant due, Long remainingMillis, Object level, Instant breachedAt) {}

  public record ProcessState(String processInstanceId, String processDefinitionId, String processDefinitionKey,
      String superProcessInstanceId, String callActivityId, String state, List<String> activeActivityIds,
      List<String> completedActivityIds, Map<String, Object> variables) {}

  public State at(IncidentRecord record, IncidentTimeline.Timeline timeline, Instant at) {
    String rootId = record.root().getId();
    Date when = Date.from(at);
    // Variables per process, last value at or before the instant.
    Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
    for (IncidentRecord.VariableUpdate update : record.variableUpdates()) {
      if (update.time().isAfter(at)) {
        break;
      }
      if (record.isConfidential(update.processInstanceId())) {
        continue;
      }
      boolean processLevel = update.executionId() == null || update.executionId().equals(update.processInstanceId());
      if (processLevel) {
        variables.computeIfAbsent(update.processInstanceId(), k -> new TreeMap<>()).put(update.name(), update.value());
      }
    }
    Map<String, Object> incident = variables.getOrDefault(rootId, Map.of());

    List<ProcessState> processes = new ArrayList<>();
    for (HistoricProcessInstance process : record.processes()) {
      if (process.getStartTime().after(when)) {
        continue;
      }
      List<String> active = new ArrayList<>();
      List<String> completed = new ArrayList<>();
      String callActivityId = null;
      for (HistoricActivityInstance activity : record.activities()) {
        if (process.getId().equals(activity.getCalledProcessInstanceId())) {
          callActivityId = activity.getActivityId();
        }
        if (!activity.getProcessInstanceId().equals(process.getId()) || activity.getStartTime().after(when)) {
          continue;
        }
        if (activity.getEndTime() == null || activity.getEndTime().after(when)) {
          if (!active.contains(activity.getActivityId())) {
            active.add(activity.getActivityId());
          }
        } else if (!completed.contains(activity.getActivityId())) {
          completed.add(activity.getActivityId());
        }
      }
      String state = process.getEndTime() != null && !process.getEndTime().after(when) ? process.getState() : "ACTIVE";
      processes.add(new ProcessState(process.getId(), process.getProcessDefinitionId(), process.getProcessDefinitionKey(),
          process.getSuperProcessInstanceId(), callActivityId, state, active, completed,
          record.isConfidential(process.getId()) ? Map.of() : variables.getOrDefault(process.getId(), Map.of())));
    }

    List<OpenTask> open = new ArrayList<>();
    // A task as the model names it: history keeps only the last of the names Tasklist showed.
    Map<String, String> modelNames = new HashMap<>();
    for (HistoricActivityInstance activity : record.activities()) {
      if (activity.getTaskId() != null && activity.getActivityName() != null) {
        modelNames.put(activity.getTaskId(), activity.getActivityName());
      }
    }
    for (HistoricTaskInstance task : record.tasks()) {
      if (task.getStartTime().after(when) || (task.getEndTime() != null && !task.getEndTime().after(when))) {
        continue;
      }
      String holder = null;
      List<String> groups = new ArrayList<>();
      for (IncidentRecord.IdentityLinkChange link : record.identityLinks()) {
        if (!task.getId().equals(link.taskId()) || link.time().isAfter(at)) {
          continue;
        }
        if ("assignee".equals(link.type())) {
          holder = "add".equals(link.operationType()) ? link.userId() : null;
        } else if ("candidate".equals(link.type()) && link.groupId() != null) {
          if ("add".equals(link.operationType())) {
            if (!groups.contains(link.groupId())) {
              groups.add(link.groupId());
            }
          } else {
            groups.remove(link.groupId());
          }
        }
      }
      open.add(new OpenTask(task.getId(), modelNames.getOrDefault(task.getId(), task.getName()), task.getTaskDefinitionKey(), task.getProcessInstanceId(),
          task.getStartTime().toInstant(), holder, groups, task.getDueDate() == null ? null : task.getDueDate().toInstant()));
    }

    Map<String, Clock> sla = new LinkedHashMap<>();
    boolean acknowledged = incident.get(ProcessVariables.ACKNOWLEDGED_BY) != null
        || Boolean.TRUE.equals(incident.get(ProcessVariables.ACKNOWLEDGED));
    boolean closed = incident.get(ProcessVariables.CLOSED_AT) != null;
    sla.put("acknowledgement", acknowledgementClock(incident, acknowledged, at));
    sla.put("resolution", clock(incident.get(ProcessVariables.RESOLUTION_DUE), incident.get(ProcessVariables.RESOLUTION_LEVEL),
        incident.get(ProcessVariables.RESOLUTION_BREACHED_AT), closed, at));

    String phase = null;
    TimelineEvent last = null;
    for (TimelineEvent event : timeline.events()) {
      if (event.time().isAfter(at)) {
        break;
      }
      last = event;
      phase = event.phase();
    }
    // The furthest phase with an activity active at the instant, else the phase of the last event.
    int furthest = -1;
    for (ProcessState process : processes) {
      if (process.processInstanceId().equals(rootId)) {
        for (String activityId : process.activeActivityIds()) {
          furthest = Math.max(furthest, IncidentPhases.rank(record.phases().get(activityId)));
        }
      }
    }
    if (furthest >= 0) {
      phase = IncidentPhases.PHASES.get(furthest);
    }
    Object severity = incident.get(ProcessVariables.SEVERITY);
    if (severity == null) {
      severity = incident.get(ProcessVariables.PROPOSED_SEVERITY);
    }
    HistoricProcessInstance root = record.root();
    String status = root.getEndTime() != null && !root.getEndTime().after(when) ? "ended"
        : closed ? "closed" : "open";
    Object ackBy = incident.get(ProcessVariables.ACKNOWLEDGED_BY);
    return new State(record.incidentId(), at, phase, severity == null ? null : String.valueOf(severity), status,
        ackBy == null ? null : String.valueOf(ackBy), open, sla, incident, processes, last);
  }

  /** The acknowledgement clock as it stood: due as {@link AcknowledgementSla#dueShown} reads it. */
  static Clock acknowledgementClock(Map<String, Object> incident, boolean acknowledged, Instant at) {
    return clock(AcknowledgementSla.dueShown(incident::get), incident.get(ProcessVariables.ACK_LEVEL),
        incident.get(ProcessVariables.ACK_BREACHED_AT), acknowledged, at);
  }

  private static Clock clock(Object due, Object level, Object breachedAt, boolean stopped, Instant at) {
    Instant dueAt = due instanceof Instant i ? i : null;
    Instant breached = breachedAt instanceof Instant i ? i : null;
    if (dueAt == null) {
      return new Clock(stopped ? "met" : "not started", null, null, level, breached);
    }
    String status = stopped ? (breached != null ? "met late" : "met") : (breached != null || !at.isBefore(dueAt) ? "breached" : "running");
    Long remaining = stopped ? null : Duration.between(at, dueAt).toMillis();
    return new Clock(status, dueAt, remaining, level, breached);
  }
}
