package io.runbook.escalation;

import io.runbook.process.ProcessVariables;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import io.runbook.system.NodeId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The escalation history: every page, SLA breach and routing of an incident, one row each in
 * {@code rb_escalation_event}, written in the same transaction as the step that caused it. Each
 * event is also the new value of the incident's {@code lastEscalation} variable, so the engine's
 * history (kept for auditors with every variable change) holds the same sequence.
 */
@Repository
public class EscalationLog {

  /** What happened. */
  public enum Kind {
    /** The on-call was paged for a new incident. */
    PAGE,
    /** An SLA was breached: the next level (or the on-call) was told. */
    BREACH,
    /** Security or Legal/Compliance was brought in. */
    ROUTE,
    /** Legal's regulatory deadline: a reminder, the escalation when it is near, a request to sign off. */
    DEADLINE,
    /**
     * The runbook's escalation column told a level before any SLA was breached: the Team Lead at once
     * for a SEV-1, within 30 minutes for an unacknowledged SEV-2, or when a re-triage raised the
     * severity to one that escalates at once.
     */
    INFORM,
    /** The severity or the security/data-breach flags were re-assessed (who, from what, to what, why). */
    RETRIAGE;

    public String id() {
      return name().toLowerCase();
    }
  }

  /** One row of the history. */
  public record Event(
      long id,
      String incidentId,
      String processInstanceId,
      Instant at,
      String kind,
      String sla,
      Integer level,
      String role,
      String severity,
      Instant due,
      List<String> recipients,
      List<String> notifications,
      String note) {}

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  private final JdbcTemplate jdbc;

  /** The node whose job or transaction logged the step (node_id). */
  private final NodeId node;

  public EscalationLog(JdbcTemplate jdbc, NodeId node) {
    this.jdbc = jdbc;
    this.node = node;
  }

  public void record(
      DelegateExecution incident,
      Instant at,
      Kind kind,
      Sla sla,
      Integer level,
      String role,
      String severity,
      Instant due,
      List<String> recipients,
      List<String> notifications,
      String note) {
    String incidentId = (String) incident.getVariable(ProcessVariables.INCIDENT_ID);
    jdbc.update(
        "INSERT INTO rb_escalation_event (incident_id, process_instance_id, occurred_at, kind, sla, level_no, role,"
            + " severity, due_at, recipients, notification_ids, note, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidentId,
        incident.getProcessInstanceId(),
        Timestamp.from(at),
        kind.id(),
        sla == null ? null : sla.id(),
        level,
        role,
        severity,
        due == null ? null : Timestamp.from(due),
        truncate(String.join(", ", recipients), 2000),
        truncate(String.join(",", notifications), 2000),
        truncate(note, 2000),
        node.value());
    incident.setVariable(ProcessVariables.LAST_ESCALATION, truncate(STAMP.format(at) + " " + note, 3900));
  }

  public List<Event> forIncident(String incidentId) {
    return jdbc.query(
        "SELECT * FROM rb_escalation_event WHERE incident_id = ? ORDER BY occurred_at, id", this::event, incidentId);
  }

  public boolean has(String incidentId, Kind kind, String role) {
    Integer count = jdbc.queryForObject(
        "SELECT COUNT(*) FROM rb_escalation_event WHERE incident_id = ? AND kind = ? AND role = ?",
        Integer.class, incidentId, kind.id(), role);
    return count != null && count > 0;
  }

  private Event event(ResultSet row, int number) throws SQLException {
    Timestamp due = row.getTimestamp("due_at");
    int level = row.getInt("level_no");
    boolean noLevel = row.wasNull();
    return new Event(
        row.getLong("id"),
        row.getString("incident_id"),
        row.getString("process_instance_id"),
        row.getTimestamp("occurred_at").toInstant(),
        row.getString("kind"),
        row.getString("sla"),
        noLevel ? null : level,
        row.getString("role"),
        row.getString("severity"),
        due == null ? null : due.toInstant(),
        split(row.getString("recipients"), ", "),
        split(row.getString("notification_ids"), ","),
        row.getString("note"));
  }

  private static List<String> split(String joined, String separator) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(separator));
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
