package io.runbook.incident;

import io.runbook.api.AsEngine;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.statuspage.StatusUpdates;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

/**
 * The one-screen summary of an incident for executives and other stakeholders
 * ({@code GET /api/incidents/{id}/summary}): severity, what the public has been told, the impact,
 * the Incident Commander and when the next public update is due. Read with the engine's rights once
 * the caller's right to read incidents is checked: these fields are what stakeholders are told
 * anyway, none of the reviews' or the alerts' details.
 */
@Service
public class IncidentSummaries {

  /** What the public is told until Communications posts a first update. */
  public static final String DEFAULT_PUBLIC_STATE = "Investigating";

  /**
   * @param publicState the state of the last posted status update, {@value #DEFAULT_PUBLIC_STATE} before the first
   * @param lastUpdateAt when the last status update was posted; none yet: null
   * @param nextUpdateDue when the last update promised the next one (before the first: when the first
   *     "Post status update" is due); null when closed or none promised
   */
  public record Summary(
      String incidentId,
      String title,
      String state,
      String severity,
      String publicState,
      Impact impact,
      String incidentCommander,
      String channel,
      OffsetDateTime openedAt,
      OffsetDateTime closedAt,
      OffsetDateTime lastUpdateAt,
      OffsetDateTime nextUpdateDue,
      boolean drill) {}

  /** Who and what is affected, as triage named them. */
  public record Impact(String affectedSystems, String affectedUsers) {}

  private final IncidentQuery incidents;
  private final HistoryService history;
  private final TaskService tasks;
  private final IdentityService identity;
  private final StatusUpdates statusUpdates;

  public IncidentSummaries(IncidentQuery incidents, HistoryService history, TaskService tasks, IdentityService identity,
      StatusUpdates statusUpdates) {
    this.incidents = incidents;
    this.history = history;
    this.tasks = tasks;
    this.identity = identity;
    this.statusUpdates = statusUpdates;
  }

  /** The incident's summary; unknown: null. The caller's right to read incidents is checked before. */
  public Summary of(String incidentId) {
    IncidentQuery.Detail detail = incidents.find(incidentId);
    if (detail == null) {
      return null;
    }
    IncidentQuery.Summary incident = detail.incident();
    return AsEngine.read(identity, () -> summary(incident));
  }

  private Summary summary(IncidentQuery.Summary incident) {
    Map<String, HistoricVariableInstance> variables = new HashMap<>();
    if (incident.processInstanceId() != null) {
      for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
          .processInstanceIdIn(incident.processInstanceId()).disableCustomObjectDeserialization().list()) {
        // Process-level variables win over a task's or sub-process's local copy of the same name.
        boolean processLevel = incident.processInstanceId().equals(variable.getExecutionId()) && variable.getTaskId() == null;
        if (processLevel || !variables.containsKey(variable.getName())) {
          variables.put(variable.getName(), variable);
        }
      }
    }
    String severity = text(variables, ProcessVariables.SEVERITY);
    if (severity == null) {
      severity = incident.severity();
    }
    // What the public was told: the updates Communications posted (rb_status_update), never the form's variables.
    StatusUpdates.Latest latest = statusUpdates.latest(incident.incidentId());
    String publicState = latest == null ? null : latest.status();
    OffsetDateTime lastUpdate = latest == null ? null : utc(latest.postedAt());
    OffsetDateTime nextUpdate = null;
    if (incident.closedAt() == null) {
      nextUpdate = latest != null ? utc(latest.nextUpdateDue()) : firstUpdateDue(incident.processInstanceId());
    }
    return new Summary(
        incident.incidentId(),
        incident.title(),
        incident.state(),
        severity,
        publicState == null ? DEFAULT_PUBLIC_STATE : publicState,
        new Impact(text(variables, ProcessVariables.AFFECTED_SYSTEMS), text(variables, ProcessVariables.AFFECTED_USERS)),
        text(variables, ProcessVariables.INCIDENT_COMMANDER),
        text(variables, ProcessVariables.CHANNEL),
        incident.createdAt(),
        incident.closedAt(),
        lastUpdate,
        nextUpdate,
        Boolean.TRUE.equals(value(variables, ProcessVariables.DRILL)));
  }

  /** Before the first update: the due date of the open "Post status update", if the cadence runs. */
  private OffsetDateTime firstUpdateDue(String processInstanceId) {
    if (processInstanceId == null) {
      return null;
    }
    for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).listPage(0, 1)) {
      return task.getDueDate() == null ? null : utc(task.getDueDate().toInstant());
    }
    return null;
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  private static Object value(Map<String, HistoricVariableInstance> variables, String name) {
    HistoricVariableInstance variable = variables.get(name);
    return variable == null ? null : variable.getValue();
  }

  private static String text(Map<String, HistoricVariableInstance> variables, String name) {
    Object value = value(variables, name);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
  }
}
