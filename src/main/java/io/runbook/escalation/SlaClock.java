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
   * The next time this SLA's timer must fire, or empty when nothing is left to do.
   *
   * @param reportedAt when the incident was reported
   * @param levelsNotified escalation levels already told for this SLA
   * @param breached whether the SLA was already breached (a breach that does not climb notifies no level)
   */
  public Optional<Instant> nextDue(
      Sla sla, Severity severity, Instant reportedAt, int levelsNotified, boolean breached, double timeScale) {
    Instant breach = reportedAt.plus(scaled(target(sla, severity), timeScale));
    if (!breached) {
      return Optional.of(breach);
    }
    if (climbs(sla, severity) && levelsNotified < contacts.levels()) {
      return Optional.of(breach.plus(scaled(interval(severity), timeScale).multipliedBy(levelsNotified)));
    }
    return Optional.empty();
  }

  /** A duration as it passes in an incident running at {@code timeScale} (1 = real time). */
  public static Duration scaled(Duration duration, double timeScale) {
    return timeScale == 1 ? duration : Duration.ofMillis(Math.round(duration.toMillis() / timeScale));
  }
}
