package io.runbook.report;

import io.runbook.api.AsEngine;
import io.runbook.automation.ActionCatalogue;
import io.runbook.escalation.EscalationLog;
import io.runbook.escalation.Sla;
import io.runbook.incident.IncidentIntake;
import io.runbook.incident.IncidentRegistry;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@link IncidentFacts} from the engine's history (the incident processes and their
 * variables, through the public {@link HistoryService}) and the escalation history
 * ({@code rb_escalation_event}), in batches: one process-instance query per page, one variable
 * query and one escalation query per {@value #BATCH} incidents, whatever the number of incidents.
 *
 * <p>Reads run as the engine, not as the caller: the figures are aggregates, and who may read them
 * is decided before (ApiAccess in the controller, the scrape filter).
 */
@Component
public class IncidentFactsReader {

  /** Incidents per variable and escalation query. */
  static final int BATCH = 100;
  private static final int PAGE = 2000;
  /** An incident is reported once "Register incident" has run, just after its process started. */
  private static final Duration START_SLACK = Duration.ofDays(1);

  static final List<String> VARIABLES = List.of(
      ProcessVariables.REPORTED_AT, ProcessVariables.SEVERITY, ProcessVariables.PROPOSED_SEVERITY,
      ProcessVariables.SOURCE, ProcessVariables.AFFECTED_SYSTEMS, ProcessVariables.ACKNOWLEDGED,
      ProcessVariables.CLOSED_AT, ProcessVariables.ACK_BREACHED_AT, ProcessVariables.RESOLUTION_BREACHED_AT,
      ProcessVariables.DRILL);

  private final HistoryService history;
  private final IdentityService identity;
  private final JdbcTemplate jdbc;

  public IncidentFactsReader(HistoryService history, IdentityService identity, JdbcTemplate jdbc) {
    this.history = history;
    this.identity = identity;
    this.jdbc = jdbc;
  }

  /** Every incident (drills included, marked) reported in the period. */
  public List<IncidentFacts> reportedIn(Period period) {
    return AsEngine.read(identity, () -> {
      List<HistoricProcessInstance> candidates = new ArrayList<>();
      for (int first = 0; ; first += PAGE) {
        List<HistoricProcessInstance> page = history.createHistoricProcessInstanceQuery()
            .processDefinitionKey(IncidentResponse.PROCESS_KEY)
            .startedAfter(Date.from(period.from().minus(START_SLACK)))
            .startedBefore(Date.from(period.to()))
            .orderByProcessInstanceStartTime().asc().orderByProcessInstanceId().asc()
            .listPage(first, PAGE);
        candidates.addAll(page);
        if (page.size() < PAGE) {
          break;
        }
      }
      List<IncidentFacts> facts = new ArrayList<>();
      for (int from = 0; from < candidates.size(); from += BATCH) {
        List<HistoricProcessInstance> batch = candidates.subList(from, Math.min(from + BATCH, candidates.size()));
        facts.addAll(read(batch).stream().filter(f -> period.contains(f.reportedAt())).toList());
      }
      return facts;
    });
  }

  /** The open incidents (registry state {@code open}) that are not drills, by their current severity. */
  public Map<Severity, Integer> openBySeverity() {
    return AsEngine.read(identity, () -> {
      Map<String, String> severityByProcess = new HashMap<>();
      jdbc.query("SELECT process_instance_id, severity FROM rb_incident_registry WHERE state = ? AND process_instance_id IS NOT NULL",
          row -> {
            severityByProcess.put(row.getString(1), row.getString(2));
          }, IncidentRegistry.OPEN);
      Set<String> drills = new HashSet<>();
      List<String> ids = new ArrayList<>(severityByProcess.keySet());
      for (int from = 0; from < ids.size(); from += BATCH) {
        String[] batch = ids.subList(from, Math.min(from + BATCH, ids.size())).toArray(String[]::new);
        for (HistoricVariableInstance drill : variables(batch, ProcessVariables.DRILL)) {
          if (Boolean.TRUE.equals(drill.getValue())) {
            drills.add(drill.getProcessInstanceId());
          }
        }
      }
      Map<Severity, Integer> open = new HashMap<>();
      severityByProcess.forEach((processInstanceId, severity) -> {
        if (!drills.contains(processInstanceId)) {
          open.merge(Severity.fromCode(severity).orElse(IncidentIntake.DEFAULT_SEVERITY), 1, Integer::sum);
        }
      });
      return open;
    });
  }

  private List<IncidentFacts> read(List<HistoricProcessInstance> batch) {
    String[] ids = batch.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    Map<String, Map<String, HistoricVariableInstance>> variables = new HashMap<>();
    Map<String, Instant> acknowledgedAt = new HashMap<>();
    for (HistoricVariableInstance variable : variables(ids, VARIABLES.toArray(String[]::new))) {
      if (HistoricVariableInstance.STATE_DELETED.equals(variable.getState())) {
        continue;
      }
      String processInstanceId = variable.getProcessInstanceId();
      if (ProcessVariables.ACKNOWLEDGED.equals(variable.getName())) {
        // When it was first set (claim, alert-source acknowledge or the triage form): its creation.
        if (Boolean.TRUE.equals(variable.getValue()) && variable.getCreateTime() != null) {
          acknowledgedAt.merge(processInstanceId, variable.getCreateTime().toInstant(),
              (a, b) -> a.isBefore(b) ? a : b);
        }
        continue;
      }
      // The incident's own value (process-instance scope) wins over a same-named local variable.
      Map<String, HistoricVariableInstance> byName = variables.computeIfAbsent(processInstanceId, k -> new HashMap<>());
      HistoricVariableInstance known = byName.get(variable.getName());
      if (known == null || !processInstanceId.equals(known.getExecutionId())) {
        byName.put(variable.getName(), variable);
      }
    }
    Map<String, List<Breach>> escalations = escalations(batch);

    List<IncidentFacts> facts = new ArrayList<>();
    for (HistoricProcessInstance incident : batch) {
      Map<String, HistoricVariableInstance> vars = variables.getOrDefault(incident.getId(), Map.of());
      String incidentId = incident.getBusinessKey();
      List<Breach> escalated = incidentId == null ? List.of() : escalations.getOrDefault(incidentId, List.of());
      Instant reportedAt = instant(value(vars, ProcessVariables.REPORTED_AT));
      Severity severity = Severity.fromCode(text(vars, ProcessVariables.SEVERITY))
          .or(() -> Severity.fromCode(text(vars, ProcessVariables.PROPOSED_SEVERITY)))
          .orElse(IncidentIntake.DEFAULT_SEVERITY);
      facts.add(new IncidentFacts(
          incidentId,
          severity,
          text(vars, ProcessVariables.SOURCE),
          ActionCatalogue.listedSystems(text(vars, ProcessVariables.AFFECTED_SYSTEMS)),
          reportedAt != null ? reportedAt : incident.getStartTime().toInstant(),
          acknowledgedAt.get(incident.getId()),
          instant(value(vars, ProcessVariables.CLOSED_AT)),
          value(vars, ProcessVariables.ACK_BREACHED_AT) != null
              || escalated.stream().anyMatch(e -> e.breach() && Breach.ACKNOWLEDGEMENT.equals(e.sla())),
          value(vars, ProcessVariables.RESOLUTION_BREACHED_AT) != null
              || escalated.stream().anyMatch(e -> e.breach() && Breach.RESOLUTION.equals(e.sla())),
          escalated.stream().map(Breach::level).filter(level -> level != null && level >= 1).toList(),
          Boolean.TRUE.equals(value(vars, ProcessVariables.DRILL))));
    }
    return facts;
  }

  /**
   * One row of rb_escalation_event that told a level of the path: a breach, or the runbook's
   * escalation column telling the Team Lead before any breach (kind {@code inform}: SEV-1 at once,
   * SEV-2 at 30 minutes), which reaches level 1 without breaching an SLA.
   */
  private record Breach(boolean breach, String sla, Integer level) {
    static final String ACKNOWLEDGEMENT = Sla.ACKNOWLEDGEMENT.id();
    static final String RESOLUTION = Sla.RESOLUTION.id();
  }

  /** The escalations (kinds {@code breach} and {@code inform}) of these incidents, by incident id. */
  private Map<String, List<Breach>> escalations(List<HistoricProcessInstance> batch) {
    List<String> incidentIds = batch.stream().map(HistoricProcessInstance::getBusinessKey).filter(id -> id != null).toList();
    Map<String, List<Breach>> byIncident = new HashMap<>();
    if (incidentIds.isEmpty()) {
      return byIncident;
    }
    String marks = String.join(", ", Collections.nCopies(incidentIds.size(), "?"));
    List<Object> arguments = new ArrayList<>();
    arguments.add(EscalationLog.Kind.BREACH.id());
    arguments.add(EscalationLog.Kind.INFORM.id());
    arguments.addAll(incidentIds);
    jdbc.query("SELECT incident_id, sla, level_no, kind FROM rb_escalation_event WHERE kind IN (?, ?) AND incident_id IN ("
        + marks + ")",
        row -> {
          int level = row.getInt(3);
          Integer levelNo = row.wasNull() ? null : level;
          byIncident.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new Breach(
              EscalationLog.Kind.BREACH.id().equals(row.getString(4)), row.getString(2), levelNo));
        }, arguments.toArray());
    return byIncident;
  }

  private List<HistoricVariableInstance> variables(String[] processInstanceIds, String... names) {
    // At most BATCH incidents x names (x scopes) rows; unpaged, which the engine allows outside a person's request.
    return history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(processInstanceIds)
        .variableNameIn(names)
        .disableBinaryFetching()
        .disableCustomObjectDeserialization()
        .list();
  }

  private static Object value(Map<String, HistoricVariableInstance> vars, String name) {
    HistoricVariableInstance variable = vars.get(name);
    return variable == null ? null : variable.getValue();
  }

  private static String text(Map<String, HistoricVariableInstance> vars, String name) {
    return value(vars, name) instanceof String text ? text : null;
  }

  private static Instant instant(Object value) {
    return value instanceof Date date ? date.toInstant() : null;
  }

}
