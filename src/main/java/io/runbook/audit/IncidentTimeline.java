package io.runbook.audit;

import io.runbook.communication.SentNotifications;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.process.ProcessVariables.ActionVar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.Comment;
import org.springframework.stereotype.Service;

/**
 * An incident's timeline: one list of {@link TimelineEvent}s, oldest first, across its process and
 * every process it called, from the engine's history (activities, tasks and who created, claimed and
 * completed them with the values they submitted, comments, timers, Camunda incidents, the user
 * operation log, variable changes that matter: severity, roles, acknowledgement, rollback decisions,
 * script runs) and Runbook's tables (alerts, escalations, notifications). Need-to-know holds here:
 * the content of reviews in {@link IncidentRecord#confidential()} is left out.
 */
@Service
public class IncidentTimeline {

  /** The whole timeline of one incident. */
  public record Timeline(
      String incidentId,
      String processInstanceId,
      String processDefinitionId,
      boolean reviewsIncluded,
      List<String> phaseOrder,
      Map<String, String> phases,
      List<Process> processes,
      List<TimelineEvent> events) {}

  /** A process instance of the incident: the incident itself or one it called. */
  public record Process(
      String processInstanceId,
      String processDefinitionId,
      String processDefinitionKey,
      String name,
      String superProcessInstanceId,
      String callActivityId,
      Instant startTime,
      Instant endTime,
      String state,
      boolean confidential) {}

  static final Set<String> ROLES = Set.of(ProcessVariables.INCIDENT_COMMANDER, ProcessVariables.TECHNICAL_LEAD,
      ProcessVariables.COMMUNICATIONS_LEAD, ProcessVariables.SCRIBE);
  private static final Map<String, String> ROLE_NAMES = Map.of(
      ProcessVariables.INCIDENT_COMMANDER, "Incident Commander",
      ProcessVariables.TECHNICAL_LEAD, "Technical Lead",
      ProcessVariables.COMMUNICATIONS_LEAD, "Communications Lead",
      ProcessVariables.SCRIBE, "Scribe");
  private static final Set<String> SKIPPED_ACTIVITY_TYPES = Set.of("exclusiveGateway", "parallelGateway",
      "inclusiveGateway", "eventBasedGateway", "complexGateway", "multiInstanceBody", "userTask", "subProcess",
      "callActivity", "startEvent", "messageStartEvent");
  /** Task operations the timeline shows from the task history and identity links instead. */
  private static final Set<String> COVERED_OPERATIONS = Set.of(UserOperationLogEntry.OPERATION_TYPE_CLAIM,
      UserOperationLogEntry.OPERATION_TYPE_ASSIGN, UserOperationLogEntry.OPERATION_TYPE_COMPLETE,
      UserOperationLogEntry.OPERATION_TYPE_CREATE, UserOperationLogEntry.OPERATION_TYPE_SET_OWNER,
      "AddComment", UserOperationLogEntry.OPERATION_TYPE_DELEGATE, UserOperationLogEntry.OPERATION_TYPE_RESOLVE);
  private static final long FORM_WINDOW_MILLIS = 2000;

  /** The timeline of the record, oldest first. */
  public Timeline of(IncidentRecord record) {
    return new Builder(record).build();
  }

  private static final class Builder {
    private final IncidentRecord record;
    private final Map<String, HistoricProcessInstance> processes = new LinkedHashMap<>();
    private final Map<String, HistoricActivityInstance> callers = new HashMap<>();
    private final Map<String, HistoricActivityInstance> activityInstances = new HashMap<>();
    private final Map<String, HistoricTaskInstance> taskByActivityInstance = new HashMap<>();
    private final Map<String, String> operationUsers = new HashMap<>();
    private final Map<String, String> completers = new HashMap<>();
    private final List<Draft> drafts = new ArrayList<>();
    /** Each update's value, computed once; updates by name, by process and name, and by activity instance. */
    private final Map<IncidentRecord.VariableUpdate, Object> values = new java.util.IdentityHashMap<>();
    private final Map<String, List<IncidentRecord.VariableUpdate>> byName = new HashMap<>();
    private final Map<String, List<IncidentRecord.VariableUpdate>> byProcessAndName = new HashMap<>();
    private final Map<String, List<IncidentRecord.VariableUpdate>> byActivityInstance = new HashMap<>();
    private Map<String, String> taskLabels;

    Builder(IncidentRecord record) {
      this.record = record;
      record.processes().forEach(p -> processes.put(p.getId(), p));
      for (HistoricActivityInstance activity : record.activities()) {
        activityInstances.put(activity.getId(), activity);
        if (activity.getCalledProcessInstanceId() != null) {
          callers.put(activity.getCalledProcessInstanceId(), activity);
        }
      }
      record.tasks().forEach(task -> {
        if (task.getActivityInstanceId() != null) {
          taskByActivityInstance.put(task.getActivityInstanceId(), task);
        }
      });
      for (IncidentRecord.VariableUpdate update : record.variableUpdates()) {
        values.put(update, update.value());
        byName.computeIfAbsent(update.name(), k -> new ArrayList<>()).add(update);
        byProcessAndName.computeIfAbsent(update.processInstanceId() + "/" + update.name(), k -> new ArrayList<>()).add(update);
        if (update.activityInstanceId() != null) {
          byActivityInstance.computeIfAbsent(update.activityInstanceId(), k -> new ArrayList<>()).add(update);
        }
      }
      for (UserOperationLogEntry entry : record.operations()) {
        if (entry.getUserId() != null && entry.getOperationId() != null) {
          operationUsers.putIfAbsent(entry.getOperationId(), entry.getUserId());
        }
        if (UserOperationLogEntry.OPERATION_TYPE_COMPLETE.equals(entry.getOperationType()) && entry.getTaskId() != null
            && entry.getUserId() != null) {
          completers.putIfAbsent(entry.getTaskId(), entry.getUserId());
        }
      }
    }

    Timeline build() {
      alerts();
      processEvents();
      phases();
      activities();
      tasks();
      variables();
      comments();
      failures();
      operations();
      escalations();
      notifications();
      // Within one millisecond (one transaction), earlier phases first, then events of no element, then by kind.
      drafts.sort(Comparator.comparing((Draft d) -> d.time)
          .thenComparingInt(d -> d.phase == null ? IncidentPhases.PHASES.size() : IncidentPhases.rank(d.phase))
          .thenComparingInt(d -> d.rank).thenComparingInt(d -> d.seq));
      List<TimelineEvent> events = new ArrayList<>();
      String current = IncidentPhases.PHASES.get(0);
      for (Draft draft : drafts) {
        if (TimelineEvent.PHASE_ENTERED.equals(draft.type) && IncidentPhases.rank(draft.phase) > IncidentPhases.rank(current)) {
          current = draft.phase;
        }
        String phase = draft.phase != null ? draft.phase : current;
        HistoricProcessInstance process = draft.processInstanceId == null ? null : processes.get(draft.processInstanceId);
        events.add(new TimelineEvent(draft.time, draft.time.toEpochMilli(), draft.type, draft.actor, phase, draft.summary,
            draft.details, draft.activityId, draft.processInstanceId,
            process == null ? null : process.getProcessDefinitionId(), process == null ? null : process.getProcessDefinitionKey()));
      }
      List<Process> list = record.processes().stream().map(p -> {
        HistoricActivityInstance caller = callers.get(p.getId());
        return new Process(p.getId(), p.getProcessDefinitionId(), p.getProcessDefinitionKey(), p.getProcessDefinitionName(),
            p.getSuperProcessInstanceId(), caller == null ? null : caller.getActivityId(), instant(p.getStartTime()),
            instant(p.getEndTime()), p.getState(), record.isConfidential(p.getId()));
      }).toList();
      return new Timeline(record.incidentId(), record.root().getId(), record.root().getProcessDefinitionId(),
          IncidentRecords.includesReviews(record), IncidentPhases.PHASES, record.phases(), list, List.copyOf(events));
    }

    // --- Runbook's tables -------------------------------------------------------------------------------

    private void alerts() {
      boolean first = true;
      for (IncidentRecord.Alert alert : record.alerts()) {
        Map<String, Object> details = details("alertId", alert.id(), "source", alert.ingestSource(), "format", alert.format(),
            "fingerprint", alert.fingerprint(), "status", alert.status(), "severityHint", alert.severityHint(),
            "summary", alert.summary(), "lastReceivedAt", alert.lastReceivedAt(), "acceptedBy", alert.acceptedBy());
        String what = alert.summary() == null ? "" : ": " + alert.summary();
        switch (alert.eventType()) {
          case "trigger" -> {
            add(alert.receivedAt(), first ? TimelineEvent.ALERT_RECEIVED : TimelineEvent.ALERT_DEDUPLICATED, 0,
                alert.ingestSource(), "Detection",
                (first ? "Alert received from " : "Duplicate alert added to the incident, from ") + alert.ingestSource() + what,
                details, null, null);
            first = false;
          }
          case "resolve" -> add(alert.receivedAt(), TimelineEvent.ALERT_RESOLVED, 0, alert.ingestSource(), null,
              "Alert resolved by " + alert.ingestSource() + what, details, null, null);
          case "acknowledge" -> add(alert.receivedAt(), TimelineEvent.ALERT_ACKNOWLEDGED, 0, alert.ingestSource(), null,
              "Alert acknowledged at " + alert.ingestSource() + what, details, null, null);
          default -> add(alert.receivedAt(), "alert." + alert.eventType(), 0, alert.ingestSource(), null,
              "Alert event '" + alert.eventType() + "' from " + alert.ingestSource() + what, details, null, null);
        }
      }
    }

    private void escalations() {
      for (IncidentRecord.Escalation escalation : record.escalations()) {
        String summary = switch (escalation.kind()) {
          case "page" -> "Paged " + escalation.role();
          case "breach" -> (escalation.sla() == null ? "SLA" : escalation.sla() + " SLA") + " breached: " + escalation.role()
              + " told" + (escalation.level() == null ? "" : " (level " + escalation.level() + ")");
          case "route" -> "Brought in " + escalation.role();
          case "deadline" -> "Legal deadline: " + escalation.role() + " told";
          case "inform" -> "Escalation column: " + escalation.role() + " told" + (escalation.level() == null ? "" : " (level " + escalation.level() + ")");
          case "retriage" -> "Re-triage: " + escalation.note();
          default -> escalation.kind() + ": " + escalation.role();
        };
        add(escalation.occurredAt(), TimelineEvent.ESCALATION + "." + escalation.kind(), 130, null, null, summary,
            details("kind", escalation.kind(), "sla", escalation.sla(), "level", escalation.level(), "role", escalation.role(),
                "severity", escalation.severity(), "dueAt", escalation.dueAt(), "recipients", escalation.recipients(),
                "note", escalation.note(), "node", escalation.node()),
            null, escalation.processInstanceId());
      }
    }

    private void notifications() {
      for (SentNotifications.Sent sent : record.notifications()) {
        Map<String, Object> details = details("notificationId", sent.id(), "role", sent.role(), "channel", sent.channel(),
            "to", sent.to(), "subject", sent.subject(), "status", sent.status(),
            "retriedBy", sent.processInstanceId(), "sentBy", sent.deliveredAt() == null ? null : sent.sentBy());
        add(sent.requestedAt(), TimelineEvent.NOTIFICATION_REQUESTED, 140, null, null,
            "Message to " + sent.role() + " by " + sent.channel() + " (" + String.join(", ", sent.to()) + "): " + sent.subject(),
            details, null, null);
        if (sent.processInstanceId() != null) {
          Instant handedOver = record.notificationProcessStarts().getOrDefault(sent.processInstanceId(), sent.requestedAt());
          add(handedOver, TimelineEvent.NOTIFICATION_RETRIED, 150, null, null,
              "Message to " + sent.role() + " by " + sent.channel() + " not sent at once; retried by its notification process ("
                  + sent.status() + ")", details, null, null);
        }
        if (sent.deliveredAt() != null) {
          add(sent.deliveredAt(), TimelineEvent.NOTIFICATION_DELIVERED, 150, null, null,
              "Message to " + sent.role() + " delivered by " + sent.channel(), details, null, null);
        }
      }
    }

    // --- the engine's history ---------------------------------------------------------------------------

    private void processEvents() {
      for (HistoricProcessInstance process : record.processes()) {
        boolean root = process.getId().equals(record.root().getId());
        if (root) {
          String title = firstValue(ProcessVariables.TITLE, process.getId());
          boolean reported = IncidentResponse.START_REPORTED.equals(process.getStartActivityId());
          String reporter = process.getStartUserId() != null ? process.getStartUserId() : firstValue(ProcessVariables.REPORTED_BY, process.getId());
          add(instant(process.getStartTime()), reported ? TimelineEvent.INCIDENT_REPORTED : TimelineEvent.INCIDENT_OPENED, 10,
              reported ? reporter : null, "Detection",
              (reported ? "Incident reported" + (reporter == null ? "" : " by " + reporter) : "Incident opened by an alert")
                  + (title == null ? "" : ": " + title),
              details("incidentId", record.incidentId(), "title", title, "source", firstValue(ProcessVariables.SOURCE, process.getId()),
                  "proposedSeverity", firstValue(ProcessVariables.PROPOSED_SEVERITY, process.getId()),
                  "openedBy", record.registry() == null ? null : record.registry().openedBy(),
                  "processDefinitionVersion", process.getProcessDefinitionVersion()),
              process.getStartActivityId(), process.getId());
          if (process.getEndTime() != null) {
            add(instant(process.getEndTime()), TimelineEvent.INCIDENT_ENDED, 190, null, record.phases().get(process.getEndActivityId()),
                "Incident process ended (" + process.getState() + ")", details("state", process.getState()),
                process.getEndActivityId(), process.getId());
          }
        } else {
          HistoricActivityInstance caller = callers.get(process.getId());
          String name = process.getProcessDefinitionName() != null ? process.getProcessDefinitionName() : process.getProcessDefinitionKey();
          String phase = caller == null ? null : phaseOf(caller.getProcessInstanceId(), caller.getActivityId());
          add(instant(process.getStartTime()), TimelineEvent.PROCESS_CALLED, 10, null, phase, name + " started",
              details("processDefinitionKey", process.getProcessDefinitionKey(), "calledBy", caller == null ? null : caller.getActivityId()),
              caller == null ? process.getStartActivityId() : caller.getActivityId(),
              caller == null ? process.getId() : caller.getProcessInstanceId());
          if (process.getEndTime() != null) {
            add(instant(process.getEndTime()), TimelineEvent.PROCESS_ENDED, 180, null, phase,
                name + " ended" + (HistoricProcessInstance.STATE_COMPLETED.equals(process.getState()) ? "" : " (" + process.getState() + ")"),
                details("processDefinitionKey", process.getProcessDefinitionKey(), "state", process.getState()),
                process.getEndActivityId(), process.getId());
          }
        }
      }
    }

    private void phases() {
      Map<String, Instant> entered = new LinkedHashMap<>();
      Map<String, Instant> left = new HashMap<>();
      Map<String, String> firstActivity = new HashMap<>();
      Map<String, Boolean> allEnded = new HashMap<>();
      for (HistoricActivityInstance activity : record.activities()) {
        if (!activity.getProcessInstanceId().equals(record.root().getId())) {
          continue;
        }
        String phase = record.phases().get(activity.getActivityId());
        if (phase == null) {
          continue;
        }
        Instant start = instant(activity.getStartTime());
        if (!entered.containsKey(phase) || start.isBefore(entered.get(phase))) {
          entered.put(phase, start);
          firstActivity.put(phase, activity.getActivityId());
        }
        if (activity.getEndTime() == null) {
          allEnded.put(phase, false);
        } else {
          allEnded.putIfAbsent(phase, true);
          Instant end = instant(activity.getEndTime());
          if (!left.containsKey(phase) || end.isAfter(left.get(phase))) {
            left.put(phase, end);
          }
        }
      }
      entered.forEach((phase, time) -> {
        add(time, TimelineEvent.PHASE_ENTERED, 0, null, phase, phase + " phase entered", details("phase", phase),
            firstActivity.get(phase), record.root().getId());
        if (Boolean.TRUE.equals(allEnded.get(phase)) && left.containsKey(phase)) {
          add(left.get(phase), TimelineEvent.PHASE_LEFT, 200, null, phase, phase + " phase left", details("phase", phase),
              null, record.root().getId());
        }
      });
    }

    private void activities() {
      for (HistoricActivityInstance activity : record.activities()) {
        String type = activity.getActivityType();
        if (SKIPPED_ACTIVITY_TYPES.contains(type)) {
          continue;
        }
        String name = activity.getActivityName() != null ? activity.getActivityName() : activity.getActivityId();
        String pid = activity.getProcessInstanceId();
        String phase = phaseOf(pid, activity.getActivityId());
        Map<String, Object> details = details("activityType", type, "activityName", activity.getActivityName());
        if (type.contains("Timer")) {
          if (activity.getEndTime() != null && !activity.isCanceled()) {
            add(instant(activity.getEndTime()), TimelineEvent.TIMER_FIRED, 48, null, phase, "Timer '" + name + "' fired",
                details, activity.getActivityId(), pid);
          }
        } else if (type.contains("Message") && !type.contains("Throw") || "receiveTask".equals(type)) {
          if (activity.getEndTime() != null && !activity.isCanceled()) {
            add(instant(activity.getEndTime()), TimelineEvent.MESSAGE_RECEIVED, 48, null, phase, "'" + name + "' received",
                details, activity.getActivityId(), pid);
          }
        } else if (type.contains("Error") && type.startsWith("boundary")) {
          add(instant(activity.getStartTime()), TimelineEvent.ERROR_CAUGHT, 48, null, phase, "'" + name + "'", details,
              activity.getActivityId(), pid);
        } else if (type.contains("EndEvent") || type.contains("Event")) {
          add(instant(activity.getStartTime()), TimelineEvent.EVENT_REACHED, 50, null, phase, "'" + name + "' reached", details,
              activity.getActivityId(), pid);
        } else if (activity.getEndTime() != null) {
          boolean cancelled = activity.isCanceled();
          add(instant(activity.getEndTime()), cancelled ? TimelineEvent.ACTIVITY_CANCELLED : TimelineEvent.ACTIVITY_COMPLETED, 50,
              null, phase, "'" + name + "' " + (cancelled ? "cancelled" : "done"), details, activity.getActivityId(), pid);
        }
      }
    }

    /**
     * A task as the model names it. Tasklist's name of a task changes while it is open (severity,
     * escalation marker) and history keeps only its last name, which would date an escalation back
     * to the task's creation; the model's name is the same at every instant.
     */
    private String taskLabel(HistoricTaskInstance task) {
      if (taskLabels == null) {
        taskLabels = new HashMap<>();
        for (HistoricActivityInstance activity : record.activities()) {
          if (activity.getTaskId() != null && activity.getActivityName() != null) {
            taskLabels.put(activity.getTaskId(), activity.getActivityName());
          }
        }
      }
      return taskLabels.getOrDefault(task.getId(), task.getName());
    }

    private void tasks() {
      Map<String, List<IncidentRecord.IdentityLinkChange>> links = new HashMap<>();
      record.identityLinks().forEach(link -> links.computeIfAbsent(link.taskId(), k -> new ArrayList<>()).add(link));
      for (HistoricTaskInstance task : record.tasks()) {
        String pid = task.getProcessInstanceId();
        boolean confidential = record.isConfidential(pid);
        String phase = phaseOf(pid, task.getTaskDefinitionKey());
        Instant created = instant(task.getStartTime());
        List<IncidentRecord.IdentityLinkChange> taskLinks = links.getOrDefault(task.getId(), List.of());
        List<String> groups = taskLinks.stream().filter(l -> "candidate".equals(l.type()) && l.groupId() != null
            && "add".equals(l.operationType()) && !l.time().isAfter(created)).map(IncidentRecord.IdentityLinkChange::groupId)
            .distinct().toList();
        String initialAssignee = taskLinks.stream().filter(l -> "assignee".equals(l.type()) && "add".equals(l.operationType())
            && !l.time().isAfter(created)).map(IncidentRecord.IdentityLinkChange::userId)
            .reduce((a, b) -> b).orElse(null);
        add(created, TimelineEvent.TASK_CREATED, 60, null, phase, "Task '" + taskLabel(task) + "' created"
                + (initialAssignee != null ? " for " + initialAssignee : groups.isEmpty() ? "" : " for " + String.join(", ", groups)),
            details("taskId", task.getId(), "name", taskLabel(task), "latestName", task.getName(), "assignee", initialAssignee, "candidateGroups", groups,
                "due", instant(task.getDueDate()), "priority", task.getPriority()),
            task.getTaskDefinitionKey(), pid);
        for (int i = 0; i < taskLinks.size(); i++) {
          IncidentRecord.IdentityLinkChange link = taskLinks.get(i);
          if (!"assignee".equals(link.type()) || !link.time().isAfter(created)) {
            continue;
          }
          if ("add".equals(link.operationType())) {
            boolean claimed = link.assignerId() != null && link.assignerId().equals(link.userId());
            add(link.time(), claimed ? TimelineEvent.TASK_CLAIMED : TimelineEvent.TASK_ASSIGNED, 40,
                link.assignerId(), phase,
                claimed ? link.userId() + " claimed '" + taskLabel(task) + "'"
                    : "'" + taskLabel(task) + "' assigned to " + link.userId() + (link.assignerId() == null ? "" : " by " + link.assignerId()),
                details("taskId", task.getId(), "assignee", link.userId()), task.getTaskDefinitionKey(), pid);
          } else {
            boolean replaced = i + 1 < taskLinks.size() && "assignee".equals(taskLinks.get(i + 1).type())
                && "add".equals(taskLinks.get(i + 1).operationType()) && taskLinks.get(i + 1).time().equals(link.time());
            boolean ended = task.getEndTime() != null && !link.time().isBefore(instant(task.getEndTime()));
            if (!replaced && !ended) {
              add(link.time(), TimelineEvent.TASK_UNCLAIMED, 40, link.assignerId(), phase,
                  link.userId() + " no longer holds '" + taskLabel(task) + "'", details("taskId", task.getId(), "previous", link.userId()),
                  task.getTaskDefinitionKey(), pid);
            }
          }
        }
        if (task.getEndTime() != null) {
          Instant ended = instant(task.getEndTime());
          if ("completed".equals(task.getDeleteReason())) {
            String actor = completer(task);
            Map<String, Object> values = new LinkedHashMap<>();
            if (!confidential) {
              for (IncidentRecord.VariableUpdate update : byActivityInstance.getOrDefault(task.getActivityInstanceId(), List.of())) {
                if (Math.abs(update.time().toEpochMilli() - task.getEndTime().getTime()) <= FORM_WINDOW_MILLIS) {
                  values.put(update.name(), this.values.get(update));
                }
              }
            }
            add(ended, TimelineEvent.TASK_COMPLETED, 45, actor, phase,
                "'" + taskLabel(task) + "' completed" + (actor == null ? "" : " by " + actor),
                confidential ? details("taskId", task.getId(), "values", "need-to-know: not shown")
                    : details("taskId", task.getId(), "values", values),
                task.getTaskDefinitionKey(), pid);
          } else {
            add(ended, TimelineEvent.TASK_CANCELLED, 45, null, phase,
                "'" + taskLabel(task) + "' ended without completion (" + task.getDeleteReason() + ")",
                details("taskId", task.getId(), "reason", task.getDeleteReason()), task.getTaskDefinitionKey(), pid);
          }
        }
      }
    }

    private void variables() {
      Map<String, Object> last = new HashMap<>();
      for (IncidentRecord.VariableUpdate update : record.variableUpdates()) {
        String pid = update.processInstanceId();
        if (record.isConfidential(pid)) {
          continue;
        }
        String name = update.name();
        Object value = values.get(update);
        // Copies, not changes: what a called process was given at its start, and what a call activity's
        // output mapping wrote back (the change itself is an event of the called process).
        HistoricProcessInstance process = processes.get(pid);
        boolean givenAtStart = !pid.equals(record.root().getId()) && process != null
            && !update.date().after(process.getStartTime());
        HistoricActivityInstance writer = activityInstances.get(update.activityInstanceId());
        boolean mappedBack = writer != null && "callActivity".equals(writer.getActivityType());
        boolean changed = !Objects.equals(last.get(name), value);
        last.put(name, value);
        if (givenAtStart || mappedBack) {
          continue;
        }
        Instant time = update.time();
        HistoricActivityInstance activity = activityInstances.get(update.activityInstanceId());
        String activityId = activity == null ? null : activity.getActivityId();
        String phase = activityId == null ? null : phaseOf(pid, activityId);
        String actor = actorOf(update);
        if (ProcessVariables.SEVERITY.equals(name) && changed && value != null) {
          Object before = previous(update);
          // A re-triage ("Re-assess severity") says why; its form's reason is written with the severity.
          Object reason = IncidentResponse.REASSESS_SEVERITY.equals(activityId)
              ? valueAt(ProcessVariables.SEVERITY_CHANGE_REASON, pid, new Date(update.date().getTime() + FORM_WINDOW_MILLIS)) : null;
          boolean withReason = reason != null && !"".equals(reason);
          add(time, TimelineEvent.SEVERITY_CHANGED, 90, actor, phase,
              (before == null ? "Severity set to " + value : "Severity changed from " + before + " to " + value)
                  + (withReason ? (actor == null ? "" : " by " + actor) + ": " + reason : ""),
              withReason ? details("from", before, "to", value, "reason", reason, "by", actor) : details("from", before, "to", value),
              activityId, pid);
        } else if (ROLES.contains(name) && changed) {
          add(time, TimelineEvent.ROLE_CHANGED, 90, actor, phase,
              ROLE_NAMES.get(name) + ": " + (value == null || "".equals(value) ? "nobody" : value),
              details("role", name, "from", previous(update), "to", value), activityId, pid);
        } else if (ProcessVariables.LOG_NOTE.equals(name) && value != null && !value.toString().isBlank()) {
          // Every note is its own event, even one that repeats the previous note word for word.
          add(time, TimelineEvent.LOG_NOTE, 85, actor, phase,
              "Log note" + (actor == null ? "" : " by " + actor) + ": " + value,
              details("author", actor, "text", value), activityId, pid);
        } else if (ProcessVariables.ACKNOWLEDGED_BY.equals(name) && changed && value != null) {
          Object via = valueAt(ProcessVariables.ACKNOWLEDGED_VIA, pid, update.date());
          add(time, TimelineEvent.INCIDENT_ACKNOWLEDGED, 70, String.valueOf(value), phase,
              "Incident acknowledged by " + value + (via == null ? "" : " (" + via + ")"),
              details("acknowledgedBy", value, "via", via), activityId, pid);
        } else if (ProcessVariables.ROLLBACK_APPROVAL.equals(name) && value != null) {
          boolean approved = "approved".equals(value);
          Object by = valueAt(approved ? ProcessVariables.ROLLBACK_APPROVED_BY : ProcessVariables.ROLLBACK_REJECTED_BY, pid, update.date());
          Object comment = valueAt(ProcessVariables.ROLLBACK_APPROVAL_COMMENT, pid, update.date());
          String decidedBy = by != null ? String.valueOf(by) : actor;
          add(time, approved ? TimelineEvent.ROLLBACK_APPROVED : TimelineEvent.ROLLBACK_REJECTED, 90, decidedBy, phase,
              "Rollback " + value + (decidedBy == null ? "" : " by " + decidedBy) + (comment == null || "".equals(comment) ? "" : ": " + comment),
              details("decision", value, "by", decidedBy, "comment", comment), activityId, pid);
        } else if (name.endsWith(ActionVar.EXIT_CODE) && name.length() > ActionVar.EXIT_CODE.length()) {
          String prefix = name.substring(0, name.length() - ActionVar.EXIT_CODE.length());
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("action", prefix);
          for (String suffix : List.of(ActionVar.COMMAND, ActionVar.SERVICE, ActionVar.OUTCOME, ActionVar.ATTEMPTS,
              ActionVar.DURATION_MS, ActionVar.OUTPUT, ActionVar.ERRORS, ActionVar.SUMMARY, ActionVar.NODE)) {
            run.put(Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1), valueAt(prefix + suffix, pid, update.date()));
          }
          run.put("exitCode", value);
          add(time, TimelineEvent.SCRIPT_RUN, 100, null, phase,
              "Script '" + prefix + "' ran" + (run.get("command") == null ? "" : " (" + run.get("command") + ")") + ": exit code " + value
                  + (run.get("outcome") == null ? "" : ", " + run.get("outcome")),
              run, activityId, pid);
        }
      }
    }

    private void comments() {
      Map<String, HistoricTaskInstance> tasks = new HashMap<>();
      record.tasks().forEach(t -> tasks.put(t.getId(), t));
      for (Comment comment : record.comments()) {
        HistoricTaskInstance task = comment.getTaskId() == null ? null : tasks.get(comment.getTaskId());
        // A task's comment belongs to the task's process, whatever the comment row says.
        String pid = task != null ? task.getProcessInstanceId() : comment.getProcessInstanceId();
        if (pid == null || record.isConfidential(pid)) {
          continue;
        }
        String activityId = task == null ? null : task.getTaskDefinitionKey();
        add(instant(comment.getTime()), TimelineEvent.COMMENT_ADDED, 80, comment.getUserId(),
            activityId == null ? null : phaseOf(pid, activityId),
            (comment.getUserId() == null ? "Comment" : comment.getUserId() + " commented")
                + (task == null ? "" : " on '" + taskLabel(task) + "'") + ": " + comment.getFullMessage(),
            details("taskId", comment.getTaskId(), "message", comment.getFullMessage()), activityId, pid);
      }
    }

    private void failures() {
      for (HistoricIncident failure : record.failures()) {
        String pid = failure.getProcessInstanceId();
        String phase = failure.getActivityId() == null ? null : phaseOf(pid, failure.getActivityId());
        String message = record.isConfidential(pid) ? "need-to-know: not shown" : failure.getIncidentMessage();
        Map<String, Object> details = details("incidentType", failure.getIncidentType(), "message", message,
            "failedActivityId", failure.getFailedActivityId(), "camundaIncidentId", failure.getId());
        add(instant(failure.getCreateTime()), TimelineEvent.FAILURE_OPENED, 160, null, phase,
            "Camunda incident (" + failure.getIncidentType() + ") at '" + failure.getActivityId() + "'"
                + (message == null ? "" : ": " + message), details, failure.getActivityId(), pid);
        if (failure.getEndTime() != null) {
          add(instant(failure.getEndTime()), TimelineEvent.FAILURE_RESOLVED, 160, null, phase,
              "Camunda incident (" + failure.getIncidentType() + ") at '" + failure.getActivityId() + "' "
                  + (failure.isResolved() ? "resolved" : "deleted"), details, failure.getActivityId(), pid);
        }
      }
    }

    private void operations() {
      Map<String, List<UserOperationLogEntry>> byOperation = new LinkedHashMap<>();
      for (UserOperationLogEntry entry : record.operations()) {
        if (COVERED_OPERATIONS.contains(entry.getOperationType())) {
          continue;
        }
        byOperation.computeIfAbsent(entry.getOperationId() == null ? entry.getId() : entry.getOperationId(), k -> new ArrayList<>()).add(entry);
      }
      for (List<UserOperationLogEntry> entries : byOperation.values()) {
        UserOperationLogEntry first = entries.get(0);
        String pid = first.getProcessInstanceId();
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!record.isConfidential(pid)) {
          for (UserOperationLogEntry entry : entries) {
            if (entry.getProperty() != null) {
              changes.put(entry.getProperty(), details("from", entry.getOrgValue(), "to", entry.getNewValue()));
            }
          }
        }
        add(instant(first.getTimestamp()), TimelineEvent.OPERATION, 170, first.getUserId(), null,
            (first.getUserId() == null ? "" : first.getUserId() + ": ") + first.getOperationType() + " " + first.getEntityType(),
            details("operationType", first.getOperationType(), "entityType", first.getEntityType(), "category", first.getCategory(),
                "taskId", first.getTaskId(), "jobId", first.getJobId(), "changes", changes, "annotation", first.getAnnotation()),
            null, pid);
      }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private String phaseOf(String processInstanceId, String activityId) {
      if (processInstanceId == null) {
        return null;
      }
      if (processInstanceId.equals(record.root().getId())) {
        return activityId == null ? null : record.phases().get(activityId);
      }
      HistoricActivityInstance caller = callers.get(processInstanceId);
      return caller == null ? null : phaseOf(caller.getProcessInstanceId(), caller.getActivityId());
    }

    private String completer(HistoricTaskInstance task) {
      return task.getAssignee() != null ? task.getAssignee() : completers.get(task.getId());
    }

    private String actorOf(IncidentRecord.VariableUpdate update) {
      if (update.userOperationId() != null && operationUsers.containsKey(update.userOperationId())) {
        return operationUsers.get(update.userOperationId());
      }
      HistoricTaskInstance task = taskByActivityInstance.get(update.activityInstanceId());
      return task == null ? null : completer(task);
    }

    /** The value the variable had just before this update (in this process or, for a copy, its caller). */
    private Object previous(IncidentRecord.VariableUpdate update) {
      Object before = null;
      for (IncidentRecord.VariableUpdate other : byName.getOrDefault(update.name(), List.of())) {
        if (other == update) {
          break;
        }
        if (!record.isConfidential(other.processInstanceId())) {
          before = values.get(other);
        }
      }
      return before;
    }

    private Object valueAt(String name, String processInstanceId, Date time) {
      Object found = null;
      for (IncidentRecord.VariableUpdate update : byProcessAndName.getOrDefault(processInstanceId + "/" + name, List.of())) {
        if (update.date().after(time)) {
          break;
        }
        found = values.get(update);
      }
      return found;
    }

    private String firstValue(String name, String processInstanceId) {
      return byProcessAndName.getOrDefault(processInstanceId + "/" + name, List.<IncidentRecord.VariableUpdate>of()).stream()
          .map(values::get).filter(Objects::nonNull).map(String::valueOf).findFirst().orElse(null);
    }

    private void add(Instant time, String type, int rank, String actor, String phase, String summary,
        Map<String, Object> details, String activityId, String processInstanceId) {
      if (time == null) {
        return;
      }
      drafts.add(new Draft(time, rank, drafts.size(), type, actor, phase, summary, details, activityId, processInstanceId));
    }
  }

  private record Draft(Instant time, int rank, int seq, String type, String actor, String phase, String summary,
      Map<String, Object> details, String activityId, String processInstanceId) {}

  static Map<String, Object> details(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        map.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }

  static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
