package io.runbook.incident;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reads incidents and their alerts for {@code GET /api/incidents}. */
@Service
public class IncidentQuery {

  /** Most recent alerts shown with one incident; {@code alertCount} tells how many there are. */
  public static final int MAX_ALERTS_SHOWN = 500;

  /** One incident in a list. */
  public record Summary(
      String incidentId, String title, String state, String severity, boolean securityRelated, String source,
      String ingestSource, String dedupKey, String processInstanceId, OffsetDateTime createdAt,
      OffsetDateTime closedAt, int alertCount, int firingAlerts, OffsetDateTime lastAlertAt) {}

  /** One page of incidents, newest first. */
  public record Page(List<Summary> items, int page, int size, long total) {}

  /** One recorded alert event; {@code payload} is the JSON as received (secrets removed). */
  public record Alert(
      long id, String eventType, String status, String format, String ingestSource, String fingerprint,
      String summary, String severityHint, OffsetDateTime receivedAt, OffsetDateTime lastReceivedAt,
      OffsetDateTime resolvedAt, @JsonRawValue String payload) {}

  /** An incident with its most recent alerts. */
  public record Detail(Summary incident, List<Alert> alerts) {}

  private static final String SUMMARY_COLUMNS =
      "r.incident_id, r.title, r.state, r.severity, r.security_related, r.source, r.ingest_source, r.dedup_key,"
          + " r.process_instance_id, r.created_at, r.closed_at,"
          + " (SELECT COUNT(*) FROM rb_alert a WHERE a.incident_id = r.incident_id AND a.event_type = 'trigger'),"
          + " (SELECT COUNT(*) FROM rb_alert a WHERE a.incident_id = r.incident_id AND a.event_type = 'trigger'"
          + " AND a.status = 'firing'),"
          + " (SELECT MAX(a.received_at) FROM rb_alert a WHERE a.incident_id = r.incident_id AND a.event_type = 'trigger')";

  private final JdbcTemplate jdbc;

  public IncidentQuery(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Page list(String state, String severity, String source, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (state != null) {
      where.append(" AND r.state = ?");
      args.add(state);
    }
    if (severity != null) {
      where.append(" AND r.severity = ?");
      args.add(severity);
    }
    if (source != null) {
      where.append(" AND r.source = ?");
      args.add(source);
    }
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM rb_incident_registry r" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<Summary> items = jdbc.query(
        "SELECT " + SUMMARY_COLUMNS + " FROM rb_incident_registry r" + where
            + " ORDER BY r.created_at DESC, r.incident_id DESC LIMIT ? OFFSET ?",
        (rs, n) -> summary(rs), pageArgs.toArray());
    return new Page(items, page, size, total == null ? 0 : total);
  }

  public Detail find(String incidentId) {
    List<Summary> found = jdbc.query(
        "SELECT " + SUMMARY_COLUMNS + " FROM rb_incident_registry r WHERE r.incident_id = ?",
        (rs, n) -> summary(rs), incidentId);
    if (found.isEmpty()) {
      return null;
    }
    List<Alert> alerts = jdbc.query(
        "SELECT id, event_type, status, format, ingest_source, fingerprint, summary, severity_hint, received_at,"
            + " last_received_at, resolved_at, payload FROM rb_alert WHERE incident_id = ? ORDER BY id DESC LIMIT ?",
        (rs, n) -> new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), time(rs, 9), time(rs, 10), time(rs, 11),
            rs.getString(12)),
        incidentId, MAX_ALERTS_SHOWN);
    return new Detail(found.get(0), alerts);
  }

  private static Summary summary(ResultSet rs) throws SQLException {
    return new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), time(rs, 10), time(rs, 11),
        rs.getInt(12), rs.getInt(13), time(rs, 14));
  }

  private static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class);
  }
}
