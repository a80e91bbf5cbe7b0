package io.runbook.detection;

import io.runbook.detection.AlertStore.Pending;
import io.runbook.incident.IncidentRegistry;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.system.BackgroundWorker;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings incident processes up to date with alert events committed for them: the alert count and
 * summary plus {@code AlertRetriggered} for new triggers, {@code IncidentAcknowledged} for an
 * acknowledge, {@code AlertsResolved} once no alert of the incident is firing any more.
 *
 * <p>It works from the database (events past the incident's {@code applied_alert_id}) and moves
 * that mark in the same transaction that updates the process, so nothing is lost when the
 * application stops in between: pending events are applied at the next start. New alerts are
 * applied {@code sync-delay} after the first of them, so an alert storm on an incident becomes one
 * process update per delay; acknowledgements and resolutions within a moment; and whatever is
 * pending every {@code sync-interval} anyway. Incidents are updated twenty to a transaction; if
 * one fails (a person completed a task of one of them at the same moment), each is retried alone.
 *
 * <p>A {@link BackgroundWorker} in {@link BackgroundWorker#PHASE_AFTER_WEB_SERVER}; a failed pass is
 * retried with the worker's back-off. Several nodes: each node's sync may pick the same incident;
 * {@code registry.lock} takes the incident's row lock and the {@code applied_alert_id} mark moves
 * in that transaction, so the second node waits, then finds nothing past the mark. The
 * {@code synchronized} on {@link #drain()} only serialises passes within one node.
 */
@Component
public class IncidentEngineSync extends BackgroundWorker {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentEngineSync.class);
  private static final int BATCH = 500;
  /** How soon acknowledgements and resolutions reach the process. */
  static final long URGENT_DELAY_MILLIS = 200;
  /** Incidents per transaction: short enough that people completing tasks rarely wait on its locks. */
  private static final int PER_TRANSACTION = 20;

  private final AlertStore alerts;
  private final IncidentRegistry registry;
  private final RuntimeService runtime;
  private final TransactionTemplate transaction;
  private final long delayMillis;
  private final long intervalMillis;
  private final Object signal = new Object();
  private boolean woken;
  private boolean urgent;

  public IncidentEngineSync(AlertStore alerts, IncidentRegistry registry, RuntimeService runtime,
      PlatformTransactionManager transactions, DetectionProperties properties) {
    super("Alert sync", PHASE_AFTER_WEB_SERVER, Duration.ofSeconds(5));
    this.alerts = alerts;
    this.registry = registry;
    this.runtime = runtime;
    this.transaction = new TransactionTemplate(transactions);
    this.delayMillis = properties.syncDelay().toMillis();
    this.intervalMillis = properties.syncInterval().toMillis();
  }

  /** Called after a commit: what it left to tell the processes, and how soon. */
  void wake(AlertRecorder.Sync needed) {
    if (needed == AlertRecorder.Sync.NOTHING) {
      return;
    }
    synchronized (signal) {
      woken = true;
      urgent |= needed == AlertRecorder.Sync.NOW;
      signal.notifyAll();
    }
  }

  /** Applies what is pending now, on the calling thread; returns how many incidents were updated. */
  public synchronized int drain() {
    int updated = 0;
    List<String> incidents = alerts.incidentsWithPendingEvents(BATCH);
    for (int from = 0; from < incidents.size(); from += PER_TRANSACTION) {
      List<String> group = incidents.subList(from, Math.min(incidents.size(), from + PER_TRANSACTION));
      try {
        transaction.executeWithoutResult(status -> group.forEach(id -> apply(id, false)));
        updated += group.size();
      } catch (RuntimeException groupFailed) {
        for (String incidentId : group) {
          try {
            transaction.executeWithoutResult(status -> apply(incidentId, true));
            updated++;
          } catch (RuntimeException e) {
            // Stays pending; a later pass retries it.
            LOG.warn("Could not update incident {} with its new alerts yet: {}", incidentId, e.toString());
          }
        }
      }
    }
    return updated;
  }

  private void apply(String incidentId, boolean checkProcess) {
    IncidentRegistry.Entry incident = registry.lock(incidentId);
    if (incident == null) {
      return;
    }
    List<Pending> events = alerts.after(incidentId, incident.appliedAlertId());
    if (events.isEmpty()) {
      return;
    }
    List<Pending> effective = events.stream().filter(Pending::effective).toList();
    List<Pending> newAlerts = effective.stream().filter(p -> AlertStore.TRIGGER.equals(p.eventType())).toList();
    int alertCount = incident.alertCount() + newAlerts.size();
    OffsetDateTime lastAlertAt = newAlerts.isEmpty() ? null : newAlerts.get(newAlerts.size() - 1).receivedAt();
    String processInstanceId = incident.processInstanceId();
    boolean live = IncidentRegistry.OPEN.equals(incident.state()) && processInstanceId != null && !effective.isEmpty()
        && (!checkProcess || runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0);
    if (live) {
      tell(incidentId, processInstanceId, effective, alertCount, lastAlertAt);
    }
    registry.applied(incidentId, events.get(events.size() - 1).id(), alertCount, lastAlertAt);
  }

  private void tell(String incidentId, String processInstanceId, List<Pending> effective, int alertCount,
      OffsetDateTime lastAlertAt) {
    if (lastAlertAt != null) {
      Map<String, Object> counts = new HashMap<>();
      counts.put(ProcessVariables.ALERT_COUNT, alertCount);
      counts.put(ProcessVariables.LAST_ALERT_AT, date(lastAlertAt));
      Map<String, Object> variables = new HashMap<>(counts);
      variables.put(ProcessVariables.ALERT_SUMMARY, AlertRecorder.summary(alertCount, lastAlertAt));
      runtime.setVariables(processInstanceId, variables);
      runtime.createMessageCorrelation(IncidentMitigation.MESSAGE_ALERT_RETRIGGERED)
          .processInstanceBusinessKey(incidentId)
          .setVariables(counts)
          .correlateAll();
    }
    effective.stream().filter(p -> AlertStore.ACKNOWLEDGE.equals(p.eventType())).findFirst().ifPresent(ack ->
        runtime.createMessageCorrelation(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED)
            .processInstanceBusinessKey(incidentId)
            .setVariable(ProcessVariables.ACKNOWLEDGED, true)
            .setVariable(ProcessVariables.ACKNOWLEDGED_BY, ack.ingestSource())
            .setVariable(ProcessVariables.ACKNOWLEDGED_VIA, viaOf(ack.format()))
            .correlateAll());
    if (effective.stream().anyMatch(p -> AlertStore.RESOLVE.equals(p.eventType()))) {
      AlertStore.Stats stats = alerts.stats(incidentId);
      if (stats.firing() == 0) {
        Date resolvedAt = date(stats.lastResolvedAt());
        runtime.setVariable(processInstanceId, ProcessVariables.ALERTS_RESOLVED_AT, resolvedAt);
        runtime.createMessageCorrelation(IncidentResponse.MESSAGE_ALERTS_RESOLVED)
            .processInstanceBusinessKey(incidentId)
            .setVariable(ProcessVariables.ALERTS_RESOLVED_AT, resolvedAt)
            .correlateAll();
      }
    }
  }

  private static String viaOf(String format) {
    return AlertBatch.Format.PAGERDUTY.id().equals(format) ? IngestEndpoint.PAGERDUTY_EVENTS.id() : format;
  }

  private static Date date(OffsetDateTime time) {
    return time == null ? null : Date.from(time.toInstant());
  }

  /** Applies what is pending, then waits for more; a pass that fails is retried with back-off. */
  private void pass() throws InterruptedException {
    drain();
    waitForWork();
  }

  /**
   * Until woken (or the interval passed); then, for new alerts only, {@code sync-delay} more, so the
   * alerts of a storm become one update per incident; an acknowledgement or resolution cuts that
   * wait to {@link #URGENT_DELAY_MILLIS}.
   */
  private void waitForWork() throws InterruptedException {
    synchronized (signal) {
      if (!woken && isRunning()) {
        signal.wait(intervalMillis);
      }
      if (!woken) {
        return;
      }
      long start = System.nanoTime();
      while (isRunning()) {
        long delay = urgent ? Math.min(URGENT_DELAY_MILLIS, delayMillis) : delayMillis;
        long left = delay - (System.nanoTime() - start) / 1_000_000;
        if (left <= 0) {
          break;
        }
        signal.wait(left);
      }
      woken = false;
      urgent = false;
    }
  }

  @Override
  protected void onStart() {
    loop("runbook-alert-sync", this::pass);
  }

  @Override
  protected void onStopping() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }
}
