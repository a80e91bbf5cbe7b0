package io.runbook.audit;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.AsEngine;
import io.runbook.communication.SentNotifications;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.Comment;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads an {@link IncidentRecord} for a person: decides first whether they may read the incident's
 * history at all, and which reviews they may read, then reads everything as the engine (like
 * io.runbook.incident.IncidentReviews), because access is decided here, per incident.
 *
 * <p><b>Who may read.</b> Camunda administrators, and anyone Camunda grants both READ_HISTORY and
 * READ_HISTORY_VARIABLE on process definition {@code incident-response}: the timeline shows form values,
 * so seeing instances is not enough. Every runbook group has both (responders, team leads, managers,
 * auditors...); a user in no runbook group, or one whose history rights were revoked in Admin, gets 403.
 *
 * <p><b>Reviews, need-to-know.</b> A Security or Legal review's content (form values, variables,
 * comments) is included only for the reviewing group (READ_HISTORY_VARIABLE on its process
 * definition), the incident's Incident Commander, auditors and administrators; everyone else sees that
 * the review was requested, who worked it and when, never what it says.
 */
@Service
public class IncidentRecords {

  private static final Set<String> REVIEW_KEYS = Set.of(SecurityReview.PROCESS_KEY, LegalReview.PROCESS_KEY);

  private final ApiAccess access;
  private final IdentityService identity;
  private final HistoryService history;
  private final TaskService tasks;
  private final JdbcTemplate jdbc;
  private final SentNotifications notifications;
  private final IncidentPhases phases;

  public IncidentRecords(ApiAccess access, IdentityService identity, HistoryService history, TaskService tasks,
      JdbcTemplate jdbc, SentNotifications notifications, IncidentPhases phases) {
    this.access = access;
    this.identity = identity;
    this.history = history;
    this.tasks = tasks;
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.phases = phases;
  }

  /** Returns the caller when they may read incident history; 401 or 403 naming why not. */
  public ApiAccess.Caller mayReadHistory() {
    ApiAccess.Caller caller = access.caller();
    if (access.isAdmin(caller)) {
      return caller;
    }
    for (var permission : List.of(ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE)) {
      if (!access.isGranted(caller, permission, Resources.PROCESS_DEFINITION, IncidentResponse.PROCESS_KEY)) {
        throw new ApiProblem(HttpStatus.FORBIDDEN, "'" + caller.userId() + "' may not read incident history: that needs "
            + "READ_HISTORY and READ_HISTORY_VARIABLE on process definition '" + IncidentResponse.PROCESS_KEY
            + "' (every runbook group has them), missing " + permission.getName());
      }
    }
    return caller;
  }

  /** The incident as the calling person may see it; 401, 403 or 404 otherwise. */
  public IncidentRecord forCaller(String incidentId) {
    ApiAccess.Caller caller = mayReadHistory();
    return AsEngine.read(identity, () -> {
      HistoricProcessInstance root = root(incidentId);
      String commander = incidentCommander(root.getId());
      boolean everything = access.isAdmin(caller) || caller.userId().equals(commander);
      Set<String> readableKinds = new HashSet<>();
      for (String key : REVIEW_KEYS) {
        if (everything || access.isGranted(caller, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE,
            Resources.PROCESS_DEFINITION, key)) {
          readableKinds.add(key);
        }
      }
      return read(incidentId, root, readableKinds);
    });
  }

  /** The incident for the engine's own use (the post-mortem draft): reviews' content left out. */
  public IncidentRecord withoutReviews(String processInstanceId) {
    HistoricProcessInstance root = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
    if (root == null) {
      throw new IllegalArgumentException("no process instance " + processInstanceId);
    }
    return read(root.getBusinessKey(), root, Set.of());
  }

  /** Whether the caller may read the reviews' content of this record (every review in it is readable). */
  public static boolean includesReviews(IncidentRecord record) {
    return record.confidential().isEmpty();
  }

  private HistoricProcessInstance root(String incidentId) {
    HistoricProcessInstance root = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).processInstanceBusinessKey(incidentId)
        .orderByProcessInstanceStartTime().desc().listPage(0, 1).stream().findFirst().orElse(null);
    if (root == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "' in the history"
          + " (never reported, or removed by history cleanup after its time-to-live)");
    }
    return root;
  }

  private IncidentRecord read(String incidentId, HistoricProcessInstance root, Set<String> readableKinds) {
    List<HistoricProcessInstance> processes = new ArrayList<>(
        history.createHistoricProcessInstanceQuery().rootProcessInstanceId(root.getId()).list());
    if (processes.stream().noneMatch(p -> p.getId().equals(root.getId()))) {
      processes.add(root);
    }
    processes.sort(Comparator.comparing((HistoricProcessInstance p) -> !p.getId().equals(root.getId()))
        .thenComparing(HistoricProcessInstance::getStartTime).thenComparing(HistoricProcessInstance::getId));
    String[] ids = processes.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    Set<String> confidential = new HashSet<>();
    for (HistoricProcessInstance process : processes) {
      if (REVIEW_KEYS.contains(process.getProcessDefinitionKey()) && !readableKinds.contains(process.getProcessDefinitionKey())) {
        confidential.add(process.getId());
      }
    }
    Map<String, org.camunda.bpm.engine.history.HistoricActivityInstance> activities = new LinkedHashMap<>();
    var operations = new ArrayList<org.camunda.bpm.engine.history.UserOperationLogEntry>();
    var failures = new ArrayList<org.camunda.bpm.engine.history.HistoricIncident>();
    Map<String, Comment> comments = new LinkedHashMap<>();
    for (String id : ids) {
      history.createHistoricActivityInstanceQuery().processInstanceId(id).list().forEach(a -> activities.putIfAbsent(a.getId(), a));
      operations.addAll(history.createUserOperationLogQuery().processInstanceId(id).list());
      failures.addAll(history.createHistoricIncidentQuery().processInstanceId(id).list());
      tasks.getProcessInstanceComments(id).forEach(comment -> comments.putIfAbsent(comment.getId(), comment));
    }
    var taskList = history.createHistoricTaskInstanceQuery().rootProcessInstanceId(root.getId()).list();
    // Task comments are not among a process instance's comments: read them per task.
    for (var task : taskList) {
      tasks.getTaskComments(task.getId()).forEach(comment -> comments.putIfAbsent(comment.getId(), comment));
    }
    List<IncidentRecord.VariableUpdate> updates = jdbc.query(
        "SELECT ID_, NAME_, PROC_INST_ID_, EXECUTION_ID_, ACT_INST_ID_, TIME_, SEQUENCE_COUNTER_, VAR_TYPE_, DOUBLE_, LONG_,"
            + " TEXT_, OPERATION_ID_ FROM ACT_HI_DETAIL WHERE ROOT_PROC_INST_ID_ = ? AND TYPE_ = 'VariableUpdate'",
        (rs, n) -> new IncidentRecord.VariableUpdate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getString(8), value(rs), rs.getString(12)),
        root.getId());
    // Time, then the order they were written in.
    updates.sort(Comparator.comparing(IncidentRecord.VariableUpdate::time).thenComparingInt(IncidentRecord.VariableUpdate::sequence)
        .thenComparing(IncidentRecord.VariableUpdate::id));
    List<IncidentRecord.IdentityLinkChange> links = jdbc.query(
        "SELECT TIMESTAMP_, TYPE_, USER_ID_, GROUP_ID_, TASK_ID_, ASSIGNER_ID_, OPERATION_TYPE_ FROM ACT_HI_IDENTITYLINK"
            + " WHERE ROOT_PROC_INST_ID_ = ? ORDER BY TIMESTAMP_",
        (rs, n) -> new IncidentRecord.IdentityLinkChange(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
        root.getId());
    List<SentNotifications.Sent> sent = incidentId == null ? List.of() : notifications.forIncident(incidentId);
    Map<String, Instant> notificationStarts = new HashMap<>();
    for (SentNotifications.Sent message : sent) {
      if (message.processInstanceId() != null) {
        HistoricProcessInstance retry = history.createHistoricProcessInstanceQuery()
            .processInstanceId(message.processInstanceId()).singleResult();
        if (retry != null) {
          notificationStarts.put(message.processInstanceId(), retry.getStartTime().toInstant());
        }
      }
    }
    Map<String, String> phaseMap = new HashMap<>();
    processes.stream().filter(p -> IncidentResponse.PROCESS_KEY.equals(p.getProcessDefinitionKey()))
        .forEach(p -> phaseMap.putAll(phases.of(p.getProcessDefinitionId())));
    return new IncidentRecord(incidentId, registry(incidentId), root, List.copyOf(processes), new ArrayList<>(activities.values()), taskList,
        updates, operations, failures, new ArrayList<>(comments.values()), links, alerts(incidentId),
        escalations(incidentId), sent, notificationStarts, Set.copyOf(confidential), Map.copyOf(phaseMap));
  }

  private IncidentRecord.Registry registry(String incidentId) {
    return jdbc.query("SELECT state, severity, source, title, created_at, closed_at, opened_by FROM rb_incident_registry"
            + " WHERE incident_id = ?",
        (rs, n) -> new IncidentRecord.Registry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            offset(rs, 5), offset(rs, 6), rs.getString(7)), incidentId).stream().findFirst().orElse(null);
  }

  private List<IncidentRecord.Alert> alerts(String incidentId) {
    return jdbc.query("SELECT id, event_type, status, ingest_source, format, fingerprint, summary, severity_hint,"
            + " received_at, last_received_at, resolved_at, accepted_by FROM rb_alert WHERE incident_id = ? ORDER BY id",
        (rs, n) -> new IncidentRecord.Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), offset(rs, 9), offset(rs, 10),
            offset(rs, 11), rs.getString(12)), incidentId);
  }

  private List<IncidentRecord.Escalation> escalations(String incidentId) {
    return jdbc.query("SELECT id, occurred_at, kind, sla, level_no, role, severity, due_at, recipients, note,"
            + " process_instance_id, node_id FROM rb_escalation_event WHERE incident_id = ? ORDER BY occurred_at, id",
        (rs, n) -> new IncidentRecord.Escalation(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3),
            rs.getString(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)),
            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)), incidentId);
  }

  /** The Incident Commander named on the incident (its process-level variable), if any. */
  private String incidentCommander(String rootId) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(rootId)
        .variableName(ProcessVariables.INCIDENT_COMMANDER).list().stream()
        .filter(variable -> rootId.equals(variable.getExecutionId()))
        .map(HistoricVariableInstance::getValue).filter(String.class::isInstance).map(String.class::cast)
        .filter(name -> !name.isBlank()).findFirst().orElse(null);
  }


  /** A variable's value from its columns, as Camunda's serializers store it. */
  private static Object value(ResultSet rs) throws SQLException {
    String type = rs.getString(8);
    if (type == null) {
      return null;
    }
    double dbl = rs.getDouble(9);
    boolean noDouble = rs.wasNull();
    long lng = rs.getLong(10);
    boolean noLong = rs.wasNull();
    String text = rs.getString(11);
    return switch (type) {
      case "null" -> null;
      case "string" -> text;
      case "boolean" -> noLong ? null : lng == 1;
      case "integer" -> noLong ? null : (int) lng;
      case "short" -> noLong ? null : (short) lng;
      case "long" -> noLong ? null : lng;
      case "double" -> noDouble ? null : dbl;
      case "date" -> noLong ? null : Instant.ofEpochMilli(lng);
      default -> "[" + type + "]";
    };
  }

  private static Instant instant(Timestamp time) {
    return time == null ? null : time.toInstant();
  }

  private static Instant offset(ResultSet rs, int column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
