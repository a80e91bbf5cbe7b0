package io.runbook.statuspage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The status updates Communications posted, one row each in {@code rb_status_update}, written in
 * the transaction of the task that posted them. Only non-drill updates are ever written: the public
 * page reads nothing else.
 */
@Repository
public class StatusUpdates {

  /** One posted update as the public page may show it, with the incident's open/closed state. */
  public record Posted(
      long id,
      String incidentId,
      String status,
      String title,
      String body,
      String impact,
      String severity,
      List<String> systems,
      Instant postedAt,
      boolean incidentClosed,
      Instant incidentClosedAt) {}

  /**
   * The last update an incident posted: what the public was told and when the next update is due.
   *
   * @param nextUpdateDue when the update promised the next one; none: no promise (Resolved)
   */
  public record Latest(String incidentId, String status, String title, String body, String impact, Instant postedAt,
      Instant nextUpdateDue) {}

  private final JdbcTemplate jdbc;

  public StatusUpdates(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a posted update; {@code nextUpdateDue} null: it promises none. */
  public void insert(String incidentId, String status, String title, String body, String impact, String severity,
      String affectedSystems, Instant postedAt, Instant nextUpdateDue) {
    jdbc.update("INSERT INTO rb_status_update (incident_id, status, title, body, impact, severity, systems, posted_at,"
            + " next_update_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidentId, status, clip(title, 1000), clip(body, 8000), clip(impact, 2000), severity,
        clip(normalizedSystems(affectedSystems), 2000), Timestamp.from(postedAt),
        nextUpdateDue == null ? null : Timestamp.from(nextUpdateDue));
  }

  /** The incident's last posted update; none posted (or a drill): null. */
  public Latest latest(String incidentId) {
    List<Latest> latest = latestFor(List.of(incidentId));
    return latest.isEmpty() ? null : latest.get(0);
  }

  /** The last posted update of each of {@code incidentIds} that has one (at most 1000 ids a call). */
  public List<Latest> latestFor(Collection<String> incidentIds) {
    if (incidentIds.isEmpty()) {
      return List.of();
    }
    if (incidentIds.size() > 1000) {
      throw new IllegalArgumentException("at most 1000 incidents a query, got " + incidentIds.size());
    }
    String marks = String.join(",", Collections.nCopies(incidentIds.size(), "?"));
    return jdbc.query(
        "SELECT u.incident_id, u.status, u.title, u.body, u.impact, u.posted_at, u.next_update_due FROM rb_status_update u"
            + " WHERE u.incident_id IN (" + marks + ") AND u.id = (SELECT MAX(x.id) FROM rb_status_update x"
            + " WHERE x.incident_id = u.incident_id)",
        (rs, n) -> {
          Timestamp due = rs.getTimestamp("next_update_due");
          return new Latest(rs.getString("incident_id"), rs.getString("status"), rs.getString("title"),
              rs.getString("body"), rs.getString("impact"), rs.getTimestamp("posted_at").toInstant(),
              due == null ? null : due.toInstant());
        },
        incidentIds.toArray());
  }

  /**
   * Every update of every incident that is open or had an update since {@code since}, newest first.
   * An incident's closing comes from the incident registry.
   */
  public List<Posted> since(Instant since) {
    return jdbc.query(
        "SELECT u.id, u.incident_id, u.status, u.title, u.body, u.impact, u.severity, u.systems, u.posted_at,"
            + " r.state, r.closed_at FROM rb_status_update u LEFT JOIN rb_incident_registry r ON r.incident_id = u.incident_id"
            + " WHERE u.incident_id IN (SELECT x.incident_id FROM rb_status_update x LEFT JOIN rb_incident_registry y"
            + " ON y.incident_id = x.incident_id WHERE x.posted_at >= ? OR y.state IS NULL OR y.state <> 'closed')"
            + " ORDER BY u.posted_at DESC, u.id DESC",
        (rs, n) -> {
          Timestamp closedAt = rs.getTimestamp("closed_at");
          return new Posted(rs.getLong("id"), rs.getString("incident_id"), rs.getString("status"),
              rs.getString("title"), rs.getString("body"), rs.getString("impact"), rs.getString("severity"),
              systems(rs.getString("systems")), rs.getTimestamp("posted_at").toInstant(),
              "closed".equals(rs.getString("state")), closedAt == null ? null : closedAt.toInstant());
        },
        Timestamp.from(since));
  }

  /** How many updates an incident has on the page (0 for drills). */
  public int countFor(String incidentId) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM rb_status_update WHERE incident_id = ?", Integer.class, incidentId);
    return n == null ? 0 : n;
  }

  static String normalizedSystems(String affectedSystems) {
    return String.join(",", systems(affectedSystems));
  }

  static List<String> systems(String list) {
    if (list == null) {
      return List.of();
    }
    return Arrays.stream(list.split("[,;\\n]")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .distinct().toList();
  }

  private static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
