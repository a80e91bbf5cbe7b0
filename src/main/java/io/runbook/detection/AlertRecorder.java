package io.runbook.detection;

import io.runbook.detection.AlertBatch.Format;
import io.runbook.detection.AlertStore.NewAlert;
import io.runbook.detection.IncomingAlert.Action;
import io.runbook.detection.IncomingAlert.Link;
import io.runbook.incident.IncidentRegistry;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * The database side of ingestion, run inside a transaction the caller owns: records a batch on its
 * dedup key's open incident, or opens the incident (registry row, claim on the key, alert rows and
 * the start of its process with {@code AlertReceived}, all in that transaction).
 */
@Component
public class AlertRecorder {

  static final int MAX_TITLE = 200;
  static final int MAX_TEXT_VARIABLE = 3900;
  private static final DateTimeFormatter SUMMARY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * What a recording did: its answer, and what the incident's process still has to be told: about
   * new alerts ({@link Sync#SOON}: their count may lag a little) or an acknowledgement or resolution
   * ({@link Sync#NOW}: people are waiting for it).
   */
  record Outcome(IngestResult result, Sync sync) {}

  /** How soon the incident's process should hear about a recording. */
  enum Sync { NOTHING, SOON, NOW }

  private final IncidentRegistry registry;
  private final AlertStore alerts;
  private final SeverityRules rules;
  private final RuntimeService runtime;
  private final Clock clock;

  public AlertRecorder(IncidentRegistry registry, AlertStore alerts, SeverityRules rules, RuntimeService runtime,
      Clock clock) {
    this.registry = registry;
    this.alerts = alerts;
    this.rules = rules;
    this.runtime = runtime;
    this.clock = clock;
  }

  /**
   * Records the batch when its key has an open incident, or when it opens nothing (only resolves or
   * acknowledges). Returns null when the batch would open a new incident.
   */
  Outcome recordWithoutOpening(AlertBatch batch) {
    String incidentId = registry.lockOpenIncident(dedupHash(batch));
    if (incidentId != null) {
      return attach(batch, incidentId, now());
    }
    if (batch.alerts().stream().anyMatch(a -> a.action() == Action.TRIGGER)) {
      return null;
    }
    // A resolve or acknowledge for no open incident: recorded, nothing else to do (PagerDuty answers 202 too).
    OffsetDateTime now = now();
    alerts.insert(batch.alerts().stream().map(a -> row(batch, a, null, now, false)).toList());
    return new Outcome(new IngestResult(null, batch.dedupKey(), false, batch.alerts().size()), Sync.NOTHING);
  }

  /**
   * Records the batch, opening an incident if its key has none open; its id is taken from
   * {@code newIncidentId} inside this transaction, so a rollback gives the number back. Fails with a
   * duplicate key when another transaction opened the key's incident meanwhile.
   */
  Outcome record(AlertBatch batch, Supplier<String> newIncidentId) {
    Outcome recorded = recordWithoutOpening(batch);
    return recorded != null ? recorded : new Outcome(open(batch, newIncidentId.get(), now()), Sync.NOTHING);
  }

  private IngestResult open(AlertBatch batch, String incidentId, OffsetDateTime now) {
    List<IncomingAlert> triggers = batch.alerts().stream().filter(a -> a.action() == Action.TRIGGER).toList();
    registry.claimDedupKey(dedupHash(batch), incidentId);
    SeverityRules.Proposal proposal = rules.propose(triggers, batch.sender().name());
    IncomingAlert first = triggers.get(0);
    String title = clip(batch.title() != null ? batch.title() : first.title(), MAX_TITLE);
    registry.insert(incidentId, proposal.severity().code(), proposal.securityRelated(), first.source().id(), title,
        batch.dedupKey(), batch.sender().name(), now, triggers.size());
    List<NewAlert> rows = new ArrayList<>();
    for (IncomingAlert alert : batch.alerts()) {
      rows.add(row(batch, alert, incidentId, now, false));
    }
    alerts.insert(rows);

    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.SOURCE, first.source().id());
    variables.put(ProcessVariables.TITLE, title);
    variables.put(ProcessVariables.DESCRIPTION, clip(describe(triggers), MAX_TEXT_VARIABLE));
    variables.put(ProcessVariables.PROPOSED_SEVERITY, proposal.severity().code());
    variables.put(ProcessVariables.SECURITY_RELATED, proposal.securityRelated());
    variables.put(ProcessVariables.DEDUP_KEY, clip(batch.dedupKey(), MAX_TEXT_VARIABLE));
    variables.put(ProcessVariables.ALERT_COUNT, triggers.size());
    variables.put(ProcessVariables.LAST_ALERT_AT, Date.from(now.toInstant()));
    variables.put(ProcessVariables.ALERT_SUMMARY, summary(triggers.size(), now));
    runtime.createMessageCorrelation(IncidentResponse.MESSAGE_ALERT_RECEIVED)
        .processInstanceBusinessKey(incidentId)
        .setVariables(variables)
        .correlateStartMessage();
    return new IngestResult(incidentId, batch.dedupKey(), true, batch.alerts().size());
  }

  private Outcome attach(AlertBatch batch, String incidentId, OffsetDateTime now) {
    List<NewAlert> rows = new ArrayList<>();
    Sync sync = Sync.NOTHING;
    for (IncomingAlert alert : batch.alerts()) {
      switch (alert.action()) {
        case TRIGGER -> {
          // Alertmanager repeats a group's still-firing alerts in every notification: not new alerts.
          boolean repeated = batch.format() == Format.ALERTMANAGER && alert.startsAt() != null
              && alerts.touchFiring(incidentId, alert.fingerprint(), alert.startsAt(), now);
          if (!repeated) {
            rows.add(row(batch, alert, incidentId, now, true));
            sync = sync == Sync.NOW ? Sync.NOW : Sync.SOON;
          }
        }
        case RESOLVE -> {
          // Alertmanager resolves one alert (its fingerprint); PagerDuty and generic resolve the key's alerts.
          String fingerprint = batch.format() == Format.ALERTMANAGER ? alert.fingerprint() : null;
          boolean changed = alerts.resolveFiring(incidentId, fingerprint, now) > 0;
          rows.add(row(batch, alert, incidentId, now, changed));
          sync = changed ? Sync.NOW : sync;
        }
        case ACKNOWLEDGE -> {
          rows.add(row(batch, alert, incidentId, now, true));
          sync = Sync.NOW;
        }
      }
    }
    alerts.insert(rows);
    return new Outcome(new IngestResult(incidentId, batch.dedupKey(), false, batch.alerts().size()), sync);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@code effective}: the incident's process still has to be told about this event. */
  private static NewAlert row(AlertBatch batch, IncomingAlert alert, String incidentId, OffsetDateTime now,
      boolean effective) {
    String status = switch (alert.action()) {
      case TRIGGER -> AlertStore.FIRING;
      case RESOLVE -> AlertStore.RESOLVED;
      case ACKNOWLEDGE -> AlertStore.ACKNOWLEDGED;
    };
    return new NewAlert(incidentId, batch.sender().name(), batch.format().id(), alert.action().id(), status,
        batch.dedupKey(), alert.fingerprint(), alert.startsAt(), alert.title(), alert.severityHint(), alert.payload(),
        now, effective);
  }

  /**
   * What responders read at triage: the alert's details (one line per alert of a group), then the
   * links the senders gave (dashboards, runbooks, the alert's source). The links come first when
   * the text is long, so they are never cut off.
   */
  static String describe(List<IncomingAlert> triggers) {
    String links = links(triggers);
    StringBuilder text = new StringBuilder();
    if (triggers.size() == 1) {
      text.append(triggers.get(0).description());
    } else {
      text.append(triggers.size()).append(" alerts:");
      for (IncomingAlert alert : triggers) {
        text.append("\n- ").append(alert.description());
        if (text.length() > MAX_TEXT_VARIABLE) {
          break;
        }
      }
    }
    if (links.isEmpty()) {
      return clip(text.toString().strip(), MAX_TEXT_VARIABLE);
    }
    String linkBlock = clip("Links:\n" + links, MAX_TEXT_VARIABLE / 2);
    String details = clip(text.toString().strip(), MAX_TEXT_VARIABLE - linkBlock.length() - 2);
    return details.isEmpty() ? linkBlock : details + "\n\n" + linkBlock;
  }

  private static String links(List<IncomingAlert> triggers) {
    Set<String> lines = new LinkedHashSet<>();
    for (IncomingAlert alert : triggers) {
      for (Link link : alert.links()) {
        lines.add("- " + link.render());
      }
    }
    return String.join("\n", lines);
  }

  /** "3 alerts, last at 2026-01-31 10:15:00 UTC": shown at triage. */
  static String summary(int count, OffsetDateTime lastAlertAt) {
    return count + (count == 1 ? " alert" : " alerts") + ", last at " + SUMMARY_TIME.format(lastAlertAt);
  }

  /** Dedup keys are scoped to the source that sent them, like PagerDuty scopes them to an integration. */
  static String dedupHash(AlertBatch batch) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(batch.sender().name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(batch.dedupKey().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  static String clip(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 3) + "...";
  }
}
