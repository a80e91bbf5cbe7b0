package io.runbook.communication;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.runbook.system.NodeId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The messages of the {@link NotificationDispatcher}, one row each in {@code rb_notification},
 * written in the transaction that asked for them. A row is delivered ({@code delivered_at}) or
 * handed over to an {@code incident-notification} process ({@code process_instance_id}), never both
 * by two parties: each change is conditional on the row still being open.
 *
 * <p>Several nodes: a row is written claimed by the node whose transaction wrote it
 * ({@code claimed_by}, {@code claimed_until} = requested + {@code runbook.notify.dispatch.grace});
 * only that node's dispatcher sends it while the claim holds, and any node's sweep may hand it over
 * once the claim expired (the claiming node died or stopped before sending it). Once delivered,
 * {@code claimed_by} names the node that sent it.
 */
@Repository
public class NotificationOutbox {

  /** Limits of the columns; longer texts are cut with an ellipsis. */
  private static final int MAX_TEXT = 2000;
  private static final int MAX_SUBJECT = 1000;
  private static final int MAX_BODY = 8000;

  /** One message and where it stands. */
  public record Row(
      long id,
      String incidentId,
      String role,
      Channel channel,
      List<String> recipients,
      String subject,
      String body,
      boolean drill,
      String incidentCommander,
      Instant requestedAt,
      Instant deliveredAt,
      String processInstanceId,
      String claimedBy,
      Instant claimedUntil) {

    /** The id the escalation log and the drill report use for it. */
    public String reference() {
      return reference(id);
    }

    public static String reference(long id) {
      return "notification-" + id;
    }
  }

  private final JdbcTemplate jdbc;
  private final NodeId node;
  private final Duration claim;

  public NotificationOutbox(JdbcTemplate jdbc, NodeId node, NotifyProperties properties) {
    this.jdbc = jdbc;
    this.node = node;
    this.claim = properties.dispatch().grace();
  }

  long insert(String incidentId, String role, Channel channel, List<String> recipients, String subject, String body,
      boolean drill, String incidentCommander, Instant requestedAt) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO rb_notification (incident_id, role, channel, recipients, subject, body, drill,"
              + " incident_commander, requested_at, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS);
      insert.setString(1, incidentId);
      insert.setString(2, cut(role, 100));
      insert.setString(3, channel.id());
      insert.setString(4, cut(String.join(", ", recipients), MAX_TEXT));
      insert.setString(5, cut(subject, MAX_SUBJECT));
      insert.setString(6, cut(body, MAX_BODY));
      insert.setBoolean(7, drill);
      insert.setString(8, incidentCommander);
      insert.setTimestamp(9, Timestamp.from(requestedAt));
      insert.setString(10, node.value());
      insert.setTimestamp(11, Timestamp.from(requestedAt.plus(claim)));
      return insert;
    }, key);
    // H2 returns the identity column, PostgreSQL every column of the row.
    return key.getKeys().entrySet().stream().filter(column -> column.getKey().equalsIgnoreCase("id"))
        .map(column -> ((Number) column.getValue()).longValue()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no id generated for the notification"));
  }

  /** Marks the still open ones among {@code ids} delivered; one batch. */
  void delivered(List<Long> ids, Instant at) {
    Timestamp when = Timestamp.from(at);
    jdbc.batchUpdate(
        "UPDATE rb_notification SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL AND process_instance_id IS NULL",
        ids, ids.size(), (update, id) -> {
          update.setTimestamp(1, when);
          update.setLong(2, id);
        });
  }

  /** Its process sent it (the job path), on this node. */
  public void deliveredByProcess(long id, Instant at) {
    jdbc.update("UPDATE rb_notification SET delivered_at = ?, claimed_by = ? WHERE id = ? AND delivered_at IS NULL",
        Timestamp.from(at), node.value(), id);
  }

  /**
   * Links an open row to the process that takes it over; false when it was delivered or taken
   * meanwhile, or when another node's claim on it still holds at {@code now}.
   */
  boolean handOver(long id, String processInstanceId, Instant now) {
    return jdbc.update(
        "UPDATE rb_notification SET process_instance_id = ? WHERE id = ? AND delivered_at IS NULL"
            + " AND process_instance_id IS NULL AND (claimed_by = ? OR claimed_until IS NULL OR claimed_until < ?)",
        processInstanceId, id, node.value(), Timestamp.from(now)) == 1;
  }

  /** Whether this node may hand the row over at {@code now}: its own claim, or an expired one. */
  static boolean mayTake(Row row, String node, Instant now) {
    return node.equals(row.claimedBy()) || row.claimedUntil() == null || row.claimedUntil().isBefore(now);
  }

  String node() {
    return node.value();
  }

  Row find(long id) {
    List<Row> rows = jdbc.query("SELECT * FROM rb_notification WHERE id = ?", this::row, id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * Rows neither delivered nor handed over whose claim expired before {@code now} (rows written before
   * claims existed: requested before {@code now} minus the grace), oldest first.
   */
  List<Row> waiting(Instant now, int max) {
    return jdbc.query(connection -> {
      PreparedStatement query = connection.prepareStatement(
          "SELECT * FROM rb_notification WHERE delivered_at IS NULL AND process_instance_id IS NULL"
              + " AND (claimed_until < ? OR (claimed_until IS NULL AND requested_at < ?)) ORDER BY requested_at");
      query.setTimestamp(1, Timestamp.from(now));
      query.setTimestamp(2, Timestamp.from(now.minus(claim)));
      query.setMaxRows(max);
      return query;
    }, this::row);
  }

  public List<Row> forIncident(String incidentId, int max) {
    return jdbc.query(connection -> {
      PreparedStatement query = connection.prepareStatement(
          "SELECT * FROM rb_notification WHERE incident_id = ? ORDER BY requested_at, id");
      query.setString(1, incidentId);
      query.setMaxRows(max);
      return query;
    }, this::row);
  }

  private Row row(ResultSet row, int number) throws SQLException {
    Timestamp delivered = row.getTimestamp("delivered_at");
    Timestamp claimedUntil = row.getTimestamp("claimed_until");
    return new Row(
        row.getLong("id"),
        row.getString("incident_id"),
        row.getString("role"),
        Channel.fromId(row.getString("channel")),
        SendNotificationDelegate.split(row.getString("recipients")),
        row.getString("subject"),
        row.getString("body"),
        row.getBoolean("drill"),
        row.getString("incident_commander"),
        row.getTimestamp("requested_at").toInstant(),
        delivered == null ? null : delivered.toInstant(),
        row.getString("process_instance_id"),
        row.getString("claimed_by"),
        claimedUntil == null ? null : claimedUntil.toInstant());
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
