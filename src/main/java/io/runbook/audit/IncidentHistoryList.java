package io.runbook.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * {@code GET /api/audit/incidents}: every incident, running and finished, newest first, from
 * {@code rb_incident_registry} joined with the engine's historic process instance (end time, state and
 * the process definition whose diagram the history page draws). One SQL query for the page and one for
 * the count; the filters are columns of the registry ({@code created_at} is indexed).
 */
@Service
public class IncidentHistoryList {

  public record Item(String incidentId, String title, String severity, String state, String source,
      boolean securityRelated, String dedupKey, Instant createdAt, Instant closedAt, String processInstanceId,
      String processDefinitionId, String processState, Instant endedAt, Long durationMillis) {}

  public record Page(List<Item> items, int page, int size, long total) {}

  /** The filters, already checked: null means "any". */
  public record Filter(Instant from, Instant to, String severity, String state, String source, String text) {}

  private final JdbcTemplate jdbc;

  public IncidentHistoryList(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Page list(Filter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.from() != null) {
      where.append(" AND r.created_at >= ?");
      args.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
    }
    if (filter.to() != null) {
      where.append(" AND r.created_at < ?");
      args.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
    }
    if (filter.severity() != null) {
      where.append(" AND r.severity = ?");
      args.add(filter.severity());
    }
    if (filter.state() != null) {
      where.append(" AND r.state = ?");
      args.add(filter.state());
    }
    if (filter.source() != null) {
      where.append(" AND r.source = ?");
      args.add(filter.source());
    }
    if (filter.text() != null) {
      String like = "%" + filter.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      where.append(" AND (LOWER(r.title) LIKE ? ESCAPE '\\' OR LOWER(r.incident_id) LIKE ? ESCAPE '\\'"
          + " OR LOWER(r.dedup_key) LIKE ? ESCAPE '\\')");
      args.add(like);
      args.add(like);
      args.add(like);
    }
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM rb_incident_registry r" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<Item> items = jdbc.query(
        "SELECT r.incident_id, r.title, r.severity, r.state, r.source, r.security_related, r.dedup_key, r.created_at,"
            + " r.closed_at, r.process_instance_id, p.PROC_DEF_ID_, p.STATE_, p.END_TIME_, p.DURATION_"
            + " FROM rb_incident_registry r LEFT JOIN ACT_HI_PROCINST p ON p.ID_ = r.process_instance_id" + where
            + " ORDER BY r.created_at DESC, r.incident_id DESC LIMIT ? OFFSET ?",
        (rs, n) -> item(rs), pageArgs.toArray());
    return new Page(items, page, size, total == null ? 0 : total);
  }

  private static Item item(ResultSet rs) throws SQLException {
    Timestamp ended = rs.getTimestamp(13);
    long duration = rs.getLong(14);
    return new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
        rs.getString(7), offset(rs, 8), offset(rs, 9), rs.getString(10), rs.getString(11), rs.getString(12),
        ended == null ? null : ended.toInstant(), rs.wasNull() ? null : duration);
  }

  private static Instant offset(ResultSet rs, int column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
