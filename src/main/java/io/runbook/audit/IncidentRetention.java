package io.runbook.audit;

import io.runbook.system.BackgroundWorker;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runbook's rows of an incident follow the engine's history time-to-live: once Camunda's history
 * cleanup has removed the incident's process instance (its root historic process instance, which the
 * cleanup removes together with the processes it called), this worker deletes the incident's rows of
 * {@code rb_alert}, {@code rb_escalation_event}, {@code rb_notification}, {@code rb_open_dedup_key} and
 * finally {@code rb_incident_registry}. Incident numbers stay unique: they come from
 * {@code rb_incident_counter}, which is never cleaned. See ADR 0008.
 *
 * <p>It follows the cleanup instead of computing removal times itself, so our rows live exactly as
 * long as the history they belong to (whatever TTL, strategy or batch window is configured, and
 * however long the cleanup lags), the export ({@code GET /api/incidents/{id}/export}) can read both
 * until the end, and an incident whose history is kept longer (a changed TTL) keeps its rows too.
 * Only closed incidents are swept: a running incident's history is never cleaned.
 *
 * <p>Node-safe: every node may sweep; the deletes are idempotent, and a row deleted by another node is
 * simply not there any more.
 */
@Component
public class IncidentRetention extends BackgroundWorker {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentRetention.class);
  static final int BATCH = 200;
  private static final List<String> TABLES =
      List.of("rb_alert", "rb_escalation_event", "rb_notification", "rb_open_dedup_key", "rb_incident_registry");

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final boolean enabled;
  private final Duration sweepEvery;

  public IncidentRetention(JdbcTemplate jdbc, PlatformTransactionManager transactions,
      @Value("${runbook.retention.enabled:true}") boolean enabled,
      @Value("${runbook.retention.sweep-every:PT1H}") Duration sweepEvery) {
    super("Incident retention", PHASE_AFTER_WEB_SERVER, Duration.ofSeconds(5));
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactions);
    this.enabled = enabled;
    this.sweepEvery = sweepEvery;
  }

  @Override
  protected void onStart() {
    if (!enabled) {
      return;
    }
    loop("runbook-incident-retention", () -> {
      if (pause(sweepEvery.toMillis())) {
        sweep();
      }
    });
  }

  /** Deletes the rows of every closed incident whose history is gone; returns how many incidents. */
  public int sweep() {
    int total = 0;
    while (true) {
      List<String> gone = jdbc.queryForList(
          "SELECT r.incident_id FROM rb_incident_registry r WHERE r.state = 'closed' AND r.process_instance_id IS NOT NULL"
              + " AND NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST p WHERE p.ID_ = r.process_instance_id)"
              + " ORDER BY r.incident_id LIMIT " + BATCH, String.class);
      if (gone.isEmpty()) {
        break;
      }
      transactions.executeWithoutResult(status -> {
        String in = String.join(",", gone.stream().map(id -> "?").toList());
        for (String table : TABLES) {
          jdbc.update("DELETE FROM " + table + " WHERE incident_id IN (" + in + ")", gone.toArray());
        }
      });
      total += gone.size();
      if (gone.size() < BATCH) {
        break;
      }
    }
    if (total > 0) {
      LOG.info("Removed Runbook's rows of {} incident(s) whose history the engine's history cleanup removed", total);
    }
    return total;
  }
}
