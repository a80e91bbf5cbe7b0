package io.runbook.detection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import io.runbook.system.NodeId;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Accepted alert events in {@code rb_alert}. All methods run in the caller's transaction. */
@Repository
public class AlertStore {

  public static final String TRIGGER = "trigger";
  public static final String RESOLVE = "resolve";
  public static final String ACKNOWLEDGE = "acknowledge";
  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";
  public static final String ACKNOWLEDGED = "acknowledged";

  /** A row to insert. */
  public record NewAlert(
      String incidentId, String ingestSource, String format, String eventType, String status, String dedupKey,
      String fingerprint, String startsAt, String summary, String severityHint, String payload,
      OffsetDateTime receivedAt, boolean effective) {}

  /** An event recorded after the incident's process was last told. */
  public record Pending(
      long id, String eventType, String ingestSource, String format, boolean effective, OffsetDateTime receivedAt) {}

  /** Counts over an incident's triggers. */
  public record Stats(int firing, OffsetDateTime lastResolvedAt) {}

  private final JdbcTemplate jdbc;
  /** Which node accepted the alerts (accepted_by). */
  private final NodeId node;

  public AlertStore(JdbcTemplate jdbc, NodeId node) {
    this.jdbc = jdbc;
    this.node = node;
  }

  public void insert(List<NewAlert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO rb_alert (incident_id, ingest_source, format, event_type, status, dedup_key, fingerprint,"
            + " starts_at, summary, severity_hint, payload, received_at, last_received_at, effective, accepted_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            NewAlert a = alerts.get(i);
            ps.setString(1, a.incidentId());
            ps.setString(2, a.ingestSource());
            ps.setString(3, a.format());
            ps.setString(4, a.eventType());
            ps.setString(5, a.status());
            ps.setString(6, a.dedupKey());
            ps.setString(7, a.fingerprint());
            ps.setString(8, a.startsAt());
            ps.setString(9, clip(a.summary(), 1024));
            ps.setString(10, clip(a.severityHint(), 64));
            ps.setString(11, a.payload());
            ps.setObject(12, a.receivedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(13, a.receivedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setBoolean(14, a.effective());
            ps.setString(15, node.value());
          }

          @Override
          public int getBatchSize() {
            return alerts.size();
          }
        });
  }

  /**
   * An Alertmanager alert already firing on the incident (same fingerprint and start) is a repeated
   * notification, not a new alert: only its last-received time moves. Returns whether it was one.
   */
  public boolean touchFiring(String incidentId, String fingerprint, String startsAt, OffsetDateTime at) {
    return jdbc.update(
        "UPDATE rb_alert SET last_received_at = ? WHERE incident_id = ? AND fingerprint = ? AND event_type = ?"
            + " AND status = ? AND starts_at = ?",
        at, incidentId, fingerprint, TRIGGER, FIRING, startsAt) > 0;
  }

  /** Resolves the incident's firing alerts (those with {@code fingerprint}, or all when null). */
  public int resolveFiring(String incidentId, String fingerprint, OffsetDateTime at) {
    if (fingerprint == null) {
      return jdbc.update(
          "UPDATE rb_alert SET status = ?, resolved_at = ? WHERE incident_id = ? AND event_type = ? AND status = ?",
          RESOLVED, at, incidentId, TRIGGER, FIRING);
    }
    return jdbc.update(
        "UPDATE rb_alert SET status = ?, resolved_at = ? WHERE incident_id = ? AND fingerprint = ? AND event_type = ?"
            + " AND status = ?",
        RESOLVED, at, incidentId, fingerprint, TRIGGER, FIRING);
  }

  /** Open incidents with effective events their process has not been told yet. */
  public List<String> incidentsWithPendingEvents(int limit) {
    return jdbc.queryForList(
        "SELECT r.incident_id FROM rb_incident_registry r WHERE r.state = 'open' AND EXISTS (SELECT 1 FROM rb_alert a"
            + " WHERE a.incident_id = r.incident_id AND a.id > r.applied_alert_id AND a.effective = TRUE)"
            + " ORDER BY r.incident_id LIMIT ?", String.class, limit);
  }

  /** The incident's events after {@code afterId}, oldest first. */
  public List<Pending> after(String incidentId, long afterId) {
    return jdbc.query(
        "SELECT id, event_type, ingest_source, format, effective, received_at FROM rb_alert WHERE incident_id = ? AND id > ?"
            + " ORDER BY id",
        (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
            rs.getObject(6, OffsetDateTime.class)),
        incidentId, afterId);
  }

  public Stats stats(String incidentId) {
    return jdbc.queryForObject(
        "SELECT COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0), MAX(resolved_at)"
            + " FROM rb_alert WHERE incident_id = ? AND event_type = ?",
        (rs, n) -> new Stats(rs.getInt(1), rs.getObject(2, OffsetDateTime.class)),
        FIRING, incidentId, TRIGGER);
  }

  private static String clip(String text, int max) {
    return text != null && text.length() > max ? text.substring(0, max) : text;
  }
}
