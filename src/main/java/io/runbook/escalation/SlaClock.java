package io.runbook.escalation;

import io.runbook.triage.Severity;
import io.runbook.triage.SeverityCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * When an SLA timer is due. Every due time is counted from the moment the incident was reported,
 * so a changed severity moves the pending timer to where the new severity puts it (possibly into
 * the past: then it fires at once). Drills divide every duration by their time scale.
 */
@Service
public class SlaClock {

  private final SeverityCatalogue catalogue;
  private final ContactDirectory contacts;

  public SlaClock(SeverityCatalogue catalogue, ContactDirectory contacts) {
    this.catalogue = catalogue;
    this.contacts = contacts;
  }

  public Duration target(Sla sla, Severity severity) {
    SeverityCatalogue.Level level = catalogue.level(severity);
    return sla == Sla.ACKNOWLEDGEMENT ? level.responseTime() : level.resolutionTarget();
  }

  public Duration interval(Severity severity) {
    return catalogue.level(severity).escalationInterval();
  }

  /** Whether a breach of this SLA climbs the escalation path for this severity (else: on-call reminder). */
  public boolean climbs(Sla sla, Severity severity) {
    SeverityCatalogue.Level level = catalogue.level(severity);
    return level.escalates() && (sla == Sla.RESOLUTION || level.escalateUnacknowledged());
  }

  /**
   * How many levels of the path this SLA tells before it is breached: 1 for the acknowledgement SLA
   * of a severity whose escalation column tells the first level early (SEV-1 "Immediate", SEV-2
   * "Within 30 min"), else 0.
   */
  public int earlyLevels(Sla sla, Severity severity) {
    return sla == Sla.ACKNOWLEDGEMENT && catalogue.level(severity).informsEarly() ? 1 : 0;
  }

  /** When the first level is told early (start + first-escalation-after), or empty. */
  public Optional<Instant> earlyDue(Sla sla, Severity severity, Instant start, double timeScale) {
    if (earlyLevels(sla, severity) == 0) {
      return Optional.empty();
    }
    return Optional.of(start.plus(scaled(catalogue.level(severity).firstEscalationAfter(), timeScale)));
  }

  /** When the SLA is breached: start + the severity's target. */
  public Instant breachAt(Sla sla, Severity severity, Instant start, double timeScale) {
    return start.plus(scaled(target(sla, severity), timeScale));
  }

  /**
   * The next time this SLA's timer must fire, or empty when nothing is left to do.
   *
   * @param start when this SLA's clock started: the report, or the last re-triage that changed the severity
   * @param levelsNotified escalation levels already told for this SLA
   * @param breached whether the SLA was already breached (a breach that does not climb notifies no level)
   */
  public Optional<Instant> nextDue(
      Sla sla, Severity severity, Instant start, int levelsNotified, boolean breached, double timeScale) {
    Instant breach = breachAt(sla, severity, start, timeScale);
    int early = earlyLevels(sla, severity);
    if (!breached) {
      return levelsNotified < early ? earlyDue(sla, severity, start, timeScale) : Optional.of(breach);
    }
    if (climbs(sla, severity) && levelsNotified < contacts.levels()) {
      return Optional.of(breach.plus(scaled(interval(severity), timeScale).multipliedBy(Math.max(0, levelsNotified - early))));
    }
    return Optional.empty();
  }

  /** A duration as it passes in an incident running at {@code timeScale} (1 = real time). */
  public static Duration scaled(Duration duration, double timeScale) {
    return timeScale == 1 ? duration : Duration.ofMillis(Math.round(duration.toMillis() / timeScale));
  }
}
