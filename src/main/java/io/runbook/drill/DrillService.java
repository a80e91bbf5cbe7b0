package io.runbook.drill;

import io.runbook.api.ApiProblem;
import io.runbook.communication.SentNotifications;
import io.runbook.escalation.EscalationLog;
import io.runbook.escalation.SlaClock;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import io.runbook.triage.SeverityCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Practice incidents: the real runbook process, marked as a drill ({@code drill = true}, titles and
 * notifications prefixed {@code [DRILL]}, status page not published, scripts in dry-run), with every
 * SLA divided by a time-scale factor so a rehearsal of a 15-minute escalation takes seconds.
 */
@Service
public class DrillService {

  /** Queries here run as the caller; the engine refuses unbounded lists (queryMaxResultsLimit) for them. */
  private static final int MAX_ROWS = 2000;

  public static final String TITLE_PREFIX = "[DRILL] ";

  /** What a caller asks for. */
  public record DrillRequest(String severity, String scenario, Double timeScale) {}

  /** A started drill. */
  public record Started(String drillId, String processInstanceId, String severity, String scenario, double timeScale, String report) {}

  private final RuntimeService runtime;
  private final HistoryService history;
  private final DrillProperties properties;
  private final SeverityCatalogue catalogue;
  private final EscalationLog escalations;
  private final IdentityService identity;
  private final SentNotifications sent;

  public DrillService(
      RuntimeService runtime, HistoryService history, DrillProperties properties, SeverityCatalogue catalogue,
      EscalationLog escalations, IdentityService identity, SentNotifications sent) {
    this.identity = identity;
    this.sent = sent;
    this.runtime = runtime;
    this.history = history;
    this.properties = properties;
    this.catalogue = catalogue;
    this.escalations = escalations;
  }

  public Started start(DrillRequest request, String startedBy) {
    if (request == null) {
      throw badRequest("send a JSON body such as {\"severity\": \"SEV-1\", \"scenario\": \"complete-outage\", \"timeScale\": 60}");
    }
    List<String> problems = new ArrayList<>();
    Severity severity = Severity.fromCode(request.severity()).orElse(null);
    if (severity == null) {
      problems.add("severity must be one of SEV-1, SEV-2, SEV-3, SEV-4; got " + quoted(request.severity()));
    }
    DrillProperties.Scenario scenario = request.scenario() == null ? null : properties.scenarios().get(request.scenario());
    if (scenario == null) {
      problems.add("scenario must be one of " + properties.scenarios().keySet().stream().sorted().toList() + "; got "
          + quoted(request.scenario()));
    }
    double timeScale = request.timeScale() == null ? 1 : request.timeScale();
    if (Double.isNaN(timeScale) || timeScale < 1 || timeScale > properties.maxTimeScale()) {
      problems.add("timeScale must be between 1 and " + properties.maxTimeScale() + "; got " + request.timeScale());
    }
    if (!problems.isEmpty()) {
      throw badRequest(String.join("; ", problems));
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.SOURCE, scenario.source());
    variables.put(ProcessVariables.TITLE, TITLE_PREFIX + scenario.title());
    variables.put(ProcessVariables.DESCRIPTION, (scenario.description() == null ? "" : scenario.description() + "\n\n")
        + "Practice incident started by " + startedBy + " at time-scale " + format(timeScale) + ".");
    variables.put(ProcessVariables.PROPOSED_SEVERITY, severity.code());
    variables.put(ProcessVariables.SECURITY_RELATED, scenario.securityRelated());
    variables.put(ProcessVariables.DATA_BREACH_SUSPECTED, scenario.dataBreachSuspected());
    variables.put(ProcessVariables.AFFECTED_SYSTEMS, scenario.affectedSystems());
    variables.put(ProcessVariables.AFFECTED_USERS, scenario.affectedUsers());
    variables.put(ProcessVariables.DRILL, true);
    variables.put(ProcessVariables.DRILL_SCENARIO, request.scenario());
    variables.put(ProcessVariables.TIME_SCALE, timeScale);
    variables.put(ProcessVariables.DRILL_STARTED_BY, startedBy);
    ProcessInstance incident = runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, variables);
    String id = incident.getBusinessKey();
    return new Started(id, incident.getId(), severity.code(), request.scenario(), timeScale, "/api/drills/" + id + "/report");
  }

  /** Stops a running drill; its history (and report) stays. */
  public DrillReport end(String drillId, String endedBy) {
    HistoricProcessInstance drill = drill(drillId);
    if (drill.getEndTime() == null) {
      // DrillController already allowed this caller (team-leads and above) to end drills; deleting an
      // instance is not among their grants, so the engine does it on their behalf, naming them.
      Authentication caller = identity.getCurrentAuthentication();
      identity.clearAuthentication();
      try {
        runtime.deleteProcessInstance(drill.getId(), "drill ended by " + endedBy);
      } finally {
        if (caller != null) {
          identity.setAuthentication(caller);
        }
      }
    }
    return report(drillId);
  }

  public DrillReport report(String drillId) {
    HistoricProcessInstance drill = drill(drillId);
    Map<String, Object> vars = variables(drill.getId());
    double timeScale = vars.get(ProcessVariables.TIME_SCALE) instanceof Number n ? n.doubleValue() : 1;
    Instant startedAt = vars.get(ProcessVariables.REPORTED_AT) instanceof Date d ? d.toInstant() : drill.getStartTime().toInstant();
    String severityCode = (String) (vars.get(ProcessVariables.SEVERITY) != null ? vars.get(ProcessVariables.SEVERITY) : vars.get(ProcessVariables.PROPOSED_SEVERITY));
    Severity severity = Severity.fromCode(severityCode).orElse(Severity.SEV3);
    String status = drill.getEndTime() == null ? "running"
        : HistoricProcessInstance.STATE_COMPLETED.equals(drill.getState()) ? "completed" : "ended";

    List<EscalationLog.Event> events = escalations.forIncident(drillId);
    List<DrillReport.SlaTimer> timers = events.stream()
        .filter(event -> EscalationLog.Kind.BREACH.id().equals(event.kind())
            || (EscalationLog.Kind.INFORM.id().equals(event.kind()) && event.sla() != null))
        .map(event -> {
          Duration afterStart = Duration.between(startedAt, event.at());
          return new DrillReport.SlaTimer(event.sla(), event.level(), event.role(), event.due(), event.at(),
              event.due() == null ? 0 : Duration.between(event.due(), event.at()).toMillis(), afterStart,
              Duration.ofMillis(Math.round(afterStart.toMillis() * timeScale)), event.note());
        })
        .toList();

    Map<String, String> why = new HashMap<>();
    events.forEach(event -> event.notifications().forEach(id -> why.put(id, event.kind() + ": " + event.note())));
    List<DrillReport.Notification> notifications = new ArrayList<>();
    for (SentNotifications.Sent message : sent.forIncident(drillId)) {
      notifications.add(new DrillReport.Notification(why.get(message.id()), message.role(), message.channel(),
          message.to(), message.requestedAt(), message.deliveredAt(), message.status(), message.subject()));
    }
    notifications.sort(Comparator.comparing(DrillReport.Notification::requestedAt));

    Instant now = ClockUtil.getCurrentTime().toInstant();
    Instant acknowledgeBy = startedAt.plus(SlaClock.scaled(catalogue.level(severity).responseTime(), timeScale));
    Instant resolveBy = startedAt.plus(SlaClock.scaled(catalogue.level(severity).resolutionTarget(), timeScale));
    List<DrillReport.TaskOutcome> tasks = new ArrayList<>();
    for (String processInstanceId : withCalledProcesses(drill.getId())) {
      for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId).listPage(0, MAX_ROWS)) {
        Instant deadline = task.getDueDate() != null ? task.getDueDate().toInstant()
            : IncidentResponse.TRIAGE.equals(task.getTaskDefinitionKey()) ? acknowledgeBy
            : IncidentResponse.POST_MORTEM.equals(task.getTaskDefinitionKey()) ? null : resolveBy;
        Instant finished = task.getEndTime() == null ? null : task.getEndTime().toInstant();
        boolean cancelled = finished != null && task.getDeleteReason() != null && !"completed".equals(task.getDeleteReason());
        Instant measured = finished != null ? finished : (drill.getEndTime() == null ? now : drill.getEndTime().toInstant());
        boolean late = deadline != null && measured.isAfter(deadline);
        tasks.add(new DrillReport.TaskOutcome(task.getName(), task.getAssignee(), task.getStartTime().toInstant(),
            cancelled ? null : finished, deadline, late, late ? Duration.between(deadline, measured) : Duration.ZERO));
      }
    }
    tasks.sort(Comparator.comparing(DrillReport.TaskOutcome::created));

    return new DrillReport(drillId, drill.getId(), status, (String) vars.get(ProcessVariables.DRILL_SCENARIO), severity.code(), timeScale,
        (String) vars.get(ProcessVariables.DRILL_STARTED_BY), startedAt, drill.getEndTime() == null ? null : drill.getEndTime().toInstant(),
        drill.getDeleteReason(), timers, notifications, tasks);
  }

  private HistoricProcessInstance drill(String drillId) {
    HistoricProcessInstance incident = history.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(drillId).processDefinitionKey(IncidentResponse.PROCESS_KEY).singleResult();
    if (incident == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no drill with id '" + drillId + "'");
    }
    HistoricVariableInstance marker = history.createHistoricVariableInstanceQuery()
        .processInstanceId(incident.getId()).variableName(ProcessVariables.DRILL).singleResult();
    if (marker == null || !Boolean.TRUE.equals(marker.getValue()) || !drillFromTheStart(marker)) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "'" + drillId + "' is a real incident, not a drill");
    }
    return incident;
  }

  /**
   * A drill is marked when it starts (the engine flags values passed with the start as initial)
   * and never changes: every value the marker ever had is true.
   * A real incident whose marker was set later (by an administrator's variable write) stays real.
   */
  private boolean drillFromTheStart(HistoricVariableInstance marker) {
    List<org.camunda.bpm.engine.history.HistoricDetail> values = history.createHistoricDetailQuery()
        .variableInstanceId(marker.getId()).variableUpdates().listPage(0, MAX_ROWS);
    return !values.isEmpty() && values.stream().allMatch(value ->
        value instanceof org.camunda.bpm.engine.history.HistoricVariableUpdate update
            && Boolean.TRUE.equals(update.getValue()))
        && values.stream().anyMatch(value -> value instanceof org.camunda.bpm.engine.history.HistoricVariableUpdate update
            && Boolean.TRUE.equals(update.isInitial()));
  }

  private List<String> withCalledProcesses(String processInstanceId) {
    List<String> ids = new ArrayList<>(List.of(processInstanceId));
    history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityType("callActivity").listPage(0, MAX_ROWS)
        .stream().map(HistoricActivityInstance::getCalledProcessInstanceId).filter(Objects::nonNull).forEach(ids::add);
    return ids;
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance variable :
        history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).disableCustomObjectDeserialization().listPage(0, MAX_ROWS)) {
      if (variable.getValue() != null && !values.containsKey(variable.getName())) {
        values.put(variable.getName(), variable.getValue());
      }
    }
    return values;
  }

  private static ApiProblem badRequest(String message) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, message);
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }

  private static String format(double timeScale) {
    return timeScale == Math.rint(timeScale) ? String.valueOf((long) timeScale) : String.valueOf(timeScale);
  }
}
