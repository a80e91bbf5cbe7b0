package io.runbook.incident;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.runbook.system.NodeId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every incident's row in {@code rb_incident_registry} (state, severity, source, dedup key) and the
 * open dedup keys in {@code rb_open_dedup_key}. All methods run in the caller's transaction.
 */
@Repository
public class IncidentRegistry {

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  /** A registry row, as the engine sync needs it. */
  public record Entry(String incidentId, String processInstanceId, String state, long appliedAlertId, int alertCount) {}

  private final JdbcTemplate jdbc;
  /** Which node opened an incident (opened_by). */
  private final NodeId node;

  public IncidentRegistry(JdbcTemplate jdbc, NodeId node) {
    this.node = node;
    this.jdbc = jdbc;
  }

  /** The open incident of a dedup key, locking its key row so that it cannot close meanwhile. */
  public String lockOpenIncident(String dedupHash) {
    List<String> ids = jdbc.queryForList(
        "SELECT incident_id FROM rb_open_dedup_key WHERE dedup_hash = ? FOR UPDATE", String.class, dedupHash);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** Which of these dedup keys have an open incident (no lock; a hint, the transaction decides). */
  public Set<String> openAmong(Collection<String> dedupHashes) {
    if (dedupHashes.isEmpty()) {
      return Set.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(dedupHashes.size(), "?"));
    return new HashSet<>(jdbc.queryForList(
        "SELECT dedup_hash FROM rb_open_dedup_key WHERE dedup_hash IN (" + marks + ")", String.class, dedupHashes.toArray()));
  }

  /** Claims a dedup key for a new incident; fails with a duplicate key when another claimed it first. */
  public void claimDedupKey(String dedupHash, String incidentId) {
    jdbc.update("INSERT INTO rb_open_dedup_key (dedup_hash, incident_id) VALUES (?, ?)", dedupHash, incidentId);
  }

  public void insert(String incidentId, String severity, boolean securityRelated, String source, String title,
      String dedupKey, String ingestSource, OffsetDateTime createdAt, int alertCount) {
    jdbc.update(
        "INSERT INTO rb_incident_registry (incident_id, state, severity, security_related, source, title, dedup_key,"
            + " ingest_source, created_at, alert_count, last_alert_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidentId, OPEN, severity, securityRelated, source, clip(title), dedupKey, ingestSource, createdAt, alertCount,
        createdAt, node.value());
  }

  /**
   * "Register incident" ran: links the process; an incident reported by a person gets its row here.
   * An id chosen before the start ({@code idGiven}) must be one that ingestion allocated and no other
   * process has: one incident id is one process.
   *
   * @throws IncidentIdTaken when the id belongs to another process or was never allocated
   */
  public void registered(String incidentId, String processInstanceId, boolean idGiven, String severity,
      boolean securityRelated, String source, String title, OffsetDateTime at) {
    int updated = jdbc.update(
        "UPDATE rb_incident_registry SET process_instance_id = ? WHERE incident_id = ?"
            + " AND (process_instance_id IS NULL OR process_instance_id = ?)",
        processInstanceId, incidentId, processInstanceId);
    if (updated > 0) {
      return;
    }
    List<String> owner = jdbc.queryForList(
        "SELECT process_instance_id FROM rb_incident_registry WHERE incident_id = ?", String.class, incidentId);
    if (!owner.isEmpty()) {
      throw new IncidentIdTaken("incident id '" + incidentId + "' already belongs to another incident process");
    }
    if (idGiven) {
      throw new IncidentIdTaken("'" + incidentId + "' is not an incident id Runbook allocated; incident ids are given by Runbook");
    }
    jdbc.update(
        "INSERT INTO rb_incident_registry (incident_id, process_instance_id, state, severity, security_related,"
            + " source, title, created_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidentId, processInstanceId, OPEN, severity, securityRelated, source, clip(title == null ? incidentId : title), at,
        node.value());
  }

  /** An incident id that cannot be used for this process. */
  public static class IncidentIdTaken extends RuntimeException {
    public IncidentIdTaken(String message) {
      super(message);
    }
  }

  /** Triage decided severity, security relevance and title. */
  public void triaged(String incidentId, String severity, boolean securityRelated, String title) {
    jdbc.update(
        "UPDATE rb_incident_registry SET severity = ?, security_related = ?, title = COALESCE(?, title)"
            + " WHERE incident_id = ?",
        severity, securityRelated, title == null ? null : clip(title), incidentId);
  }

  /** The incident is closed: its dedup key is free, the next alert for it opens a new incident. */
  public void close(String incidentId, OffsetDateTime at) {
    // Lock order everywhere: the dedup key's row, then the registry row.
    jdbc.update("DELETE FROM rb_open_dedup_key WHERE incident_id = ?", incidentId);
    jdbc.update("UPDATE rb_incident_registry SET state = ?, closed_at = ? WHERE incident_id = ? AND state = ?",
        CLOSED, at, incidentId, OPEN);
  }

  /**
   * The row, locked with its open dedup key: alerts being attached to the incident (which hold the
   * key's row) are committed before this returns, and none can be attached until the caller commits.
   * Null when unknown.
   */
  public Entry lock(String incidentId) {
    jdbc.queryForList("SELECT dedup_hash FROM rb_open_dedup_key WHERE incident_id = ? FOR UPDATE", String.class,
        incidentId);
    List<Entry> rows = jdbc.query(
        "SELECT incident_id, process_instance_id, state, applied_alert_id, alert_count FROM rb_incident_registry"
            + " WHERE incident_id = ? FOR UPDATE",
        (rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5)), incidentId);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The incident's process has been told about its alerts up to {@code alertId}: this many, the last at that time. */
  public void applied(String incidentId, long alertId, int alertCount, OffsetDateTime lastAlertAt) {
    jdbc.update("UPDATE rb_incident_registry SET applied_alert_id = ?, alert_count = ?, last_alert_at = COALESCE(?, last_alert_at)"
            + " WHERE incident_id = ? AND applied_alert_id < ?",
        alertId, alertCount, lastAlertAt, incidentId, alertId);
  }

  private static String clip(String text) {
    return text != null && text.length() > 1024 ? text.substring(0, 1024) : text;
  }
}
