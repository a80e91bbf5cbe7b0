package io.runbook.board;

import io.runbook.api.AsEngine;
import io.runbook.escalation.AcknowledgementSla;
import io.runbook.incident.IncidentQuery;
import io.runbook.incident.IncidentRegistry;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.process.RunbookPhase;
import io.runbook.statuspage.StatusUpdates;
import io.runbook.triage.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The incident board: every open runbook incident (registry state {@code open}) with what a manager
 * needs to see at a glance, most urgent first ({@link #URGENCY}). Reads a fixed set of the incident
 * process's own variables (never the Security or Legal review processes, which are processes of their
 * own), in a handful of batched queries whatever the number of incidents: the registry, one variable
 * query, one execution query, one task query and one query of the posted status updates per
 * {@value #CHUNK} incidents.
 * The reads run without the caller's engine authentication: who may see the board is decided by
 * {@link BoardController}, not per variable.
 */
@Service
public class IncidentBoard {

  /** Most incidents the board shows; {@link Board#truncated()} says when there are more. */
  public static final int MAX_INCIDENTS = 2000;
  static final int CHUNK = 500;

  /** The variables the board reads, all on the incident process instance itself. */
  static final List<String> VARIABLES = List.of(
      ProcessVariables.TITLE, ProcessVariables.SEVERITY, ProcessVariables.PROPOSED_SEVERITY,
      ProcessVariables.INCIDENT_COMMANDER, ProcessVariables.ACKNOWLEDGED, ProcessVariables.ACK_DUE,
      ProcessVariables.ACK_BREACHED_AT, ProcessVariables.ACK_LEVEL, ProcessVariables.RESOLUTION_DUE,
      ProcessVariables.RESOLUTION_BREACHED_AT, ProcessVariables.RESOLUTION_LEVEL, ProcessVariables.DRILL,
      ProcessVariables.REPORTED_AT, ProcessVariables.ACK_TARGET);

  /** The board: its incidents, most urgent first, and how many technical failures Camunda counts. */
  public record Board(Instant now, List<BoardIncident> incidents, boolean truncated, long camundaIncidents) {}

  /**
   * Most urgent first: a breached clock that still runs (longest overdue first), then the nearest
   * breach of a running clock, then severity (SEV-1 first), then the oldest.
   */
  static final Comparator<BoardIncident> URGENCY = Comparator
      .comparing((BoardIncident incident) -> !incident.breached())
      .thenComparing(BoardIncident::secondsToBreach, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(incident -> severityRank(incident.severity()))
      .thenComparing(BoardIncident::reportedAt);

  private final IncidentQuery registry;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final StatusUpdates statusUpdates;
  private final ManagementService management;
  private final IdentityService identity;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public IncidentBoard(IncidentQuery registry, RuntimeService runtime, TaskService tasks, StatusUpdates statusUpdates,
      ManagementService management, IdentityService identity, JdbcTemplate jdbc, Clock clock) {
    this.registry = registry;
    this.runtime = runtime;
    this.tasks = tasks;
    this.statusUpdates = statusUpdates;
    this.management = management;
    this.identity = identity;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Board board() {
    Instant now = clock.instant();
    List<IncidentQuery.Summary> open = openIncidents();
    boolean truncated = open.size() > MAX_INCIDENTS;
    if (truncated) {
      open = open.subList(0, MAX_INCIDENTS);
    }
    List<String> ids = open.stream().map(IncidentQuery.Summary::processInstanceId).filter(id -> id != null).toList();
    Map<String, Map<String, Object>> variables = new HashMap<>();
    Map<String, Set<String>> activities = new HashMap<>();
    Map<String, Instant> statusTaskDue = new HashMap<>();
    Map<String, Instant> promisedUpdate = new HashMap<>();
    long camundaIncidents = AsEngine.read(identity, () -> {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        String[] chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray(String[]::new);
        readVariables(chunk, variables);
        readActivities(chunk, activities);
        for (Task task : tasks.createTaskQuery().processInstanceIdIn(chunk)
            .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).list()) {
          if (task.getDueDate() != null) {
            statusTaskDue.merge(task.getProcessInstanceId(), task.getDueDate().toInstant(), (a, b) -> a.isBefore(b) ? a : b);
          }
        }
      }
      return runtime.createIncidentQuery().count();
    });
    // The time the last posted update promised the next one (rb_status_update).
    Map<String, String> processOf = new HashMap<>();
    for (IncidentQuery.Summary incident : open) {
      if (incident.processInstanceId() != null) {
        processOf.put(incident.incidentId(), incident.processInstanceId());
      }
    }
    List<String> incidentIds = List.copyOf(processOf.keySet());
    for (int from = 0; from < incidentIds.size(); from += CHUNK) {
      for (StatusUpdates.Latest latest : statusUpdates.latestFor(incidentIds.subList(from, Math.min(incidentIds.size(), from + CHUNK)))) {
        if (latest.nextUpdateDue() != null) {
          promisedUpdate.put(processOf.get(latest.incidentId()), latest.nextUpdateDue());
        }
      }
    }
    List<BoardIncident> rows = new ArrayList<>();
    for (IncidentQuery.Summary incident : open) {
      String pid = incident.processInstanceId();
      rows.add(row(incident, now, variables.getOrDefault(pid, Map.of()), activities.getOrDefault(pid, Set.of()),
          statusTaskDue.get(pid), promisedUpdate.get(pid)));
    }
    rows.sort(URGENCY);
    return new Board(now, rows, truncated, camundaIncidents);
  }

  private List<IncidentQuery.Summary> openIncidents() {
    List<IncidentQuery.Summary> open = new ArrayList<>();
    for (int page = 0; open.size() <= MAX_INCIDENTS; page++) {
      IncidentQuery.Page found = registry.list(IncidentRegistry.OPEN, null, null, page, CHUNK);
      open.addAll(found.items());
      if (found.items().size() < CHUNK) {
        break;
      }
    }
    return open;
  }

  private void readVariables(String[] processInstanceIds, Map<String, Map<String, Object>> into) {
    for (VariableInstance variable : runtime.createVariableInstanceQuery().processInstanceIdIn(processInstanceIds)
        .variableNameIn(VARIABLES.toArray(String[]::new)).disableBinaryFetching().disableCustomObjectDeserialization()
        .list()) {
      // Only the incident process's own variables, not a local one of some inner scope.
      if (variable.getProcessInstanceId().equals(variable.getExecutionId()) && variable.getValue() != null) {
        into.computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>()).put(variable.getName(), variable.getValue());
      }
    }
  }

  /** The activity each execution of these incidents waits in (one query for all of them). */
  private void readActivities(String[] processInstanceIds, Map<String, Set<String>> into) {
    String table = management.getTableName(ExecutionEntity.class);
    String marks = String.join(",", java.util.Collections.nCopies(processInstanceIds.length, "?"));
    jdbc.query("SELECT PROC_INST_ID_, ACT_ID_ FROM " + table + " WHERE ACT_ID_ IS NOT NULL AND PROC_INST_ID_ IN (" + marks + ")",
        rs -> {
          into.computeIfAbsent(rs.getString(1), id -> new LinkedHashSet<>()).add(rs.getString(2));
        }, (Object[]) processInstanceIds);
  }

  static BoardIncident row(IncidentQuery.Summary incident, Instant now, Map<String, Object> v, Set<String> activities,
      Instant statusTaskDue, Instant promisedUpdate) {
    String severity = Severity.fromCode(text(v.get(ProcessVariables.SEVERITY)))
        .or(() -> Severity.fromCode(text(v.get(ProcessVariables.PROPOSED_SEVERITY))))
        .or(() -> Severity.fromCode(incident.severity()))
        .map(Severity::code).orElse(incident.severity());
    // Nothing left to escalate (acknowledged): no due time; else the SLA's target until it is breached.
    Instant ackDue = v.get(ProcessVariables.ACK_DUE) == null ? null : instant(AcknowledgementSla.dueShown(v::get));
    SlaState acknowledgement = SlaState.of(Boolean.TRUE.equals(v.get(ProcessVariables.ACKNOWLEDGED)),
        ackDue, instant(v.get(ProcessVariables.ACK_BREACHED_AT)),
        number(v.get(ProcessVariables.ACK_LEVEL)), now);
    // An open incident's resolution clock stops only when it closes.
    SlaState resolution = SlaState.of(false, instant(v.get(ProcessVariables.RESOLUTION_DUE)),
        instant(v.get(ProcessVariables.RESOLUTION_BREACHED_AT)), number(v.get(ProcessVariables.RESOLUTION_LEVEL)), now);
    boolean breached = acknowledgement.activeBreach() || resolution.activeBreach();
    Long secondsToBreach = null;
    for (SlaState sla : List.of(acknowledgement, resolution)) {
      Long seconds = breached
          ? (sla.activeBreach() ? -Duration.between(sla.breachedAt(), now).toSeconds() : null)
          : sla.secondsToBreach();
      if (seconds != null && (secondsToBreach == null || seconds < secondsToBreach)) {
        secondsToBreach = seconds;
      }
    }
    Instant nextUpdate = null;
    String nextUpdateFrom = null;
    if (statusTaskDue != null) {
      nextUpdate = statusTaskDue;
      nextUpdateFrom = "status-page-task";
    } else if (promisedUpdate != null) {
      nextUpdate = promisedUpdate;
      nextUpdateFrom = "last-update";
    }
    String title = text(v.get(ProcessVariables.TITLE));
    String commander = text(v.get(ProcessVariables.INCIDENT_COMMANDER));
    // Reported at, the moment the SLA clocks count from; the registry's creation time otherwise.
    Instant reported = instant(v.get(ProcessVariables.REPORTED_AT));
    Instant created = reported != null ? reported : incident.createdAt().toInstant();
    return new BoardIncident(
        incident.incidentId(), title == null || title.isBlank() ? incident.title() : title, severity,
        Boolean.TRUE.equals(v.get(ProcessVariables.DRILL)),
        RunbookPhase.of(activities).map(RunbookPhase::label).orElse(null),
        commander == null || commander.isBlank() ? null : commander,
        incident.processInstanceId(), created, Math.max(0, Duration.between(created, now).toSeconds()),
        acknowledgement, resolution, breached, secondsToBreach,
        Math.max(acknowledgement.level(), resolution.level()), nextUpdate, nextUpdateFrom);
  }

  static int severityRank(String severity) {
    return Severity.fromCode(severity).map(Enum::ordinal).orElse(Severity.values().length);
  }

  private static String text(Object value) {
    return value instanceof String s ? s : null;
  }

  private static Instant instant(Object value) {
    return value instanceof Date date ? date.toInstant() : null;
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }

}
