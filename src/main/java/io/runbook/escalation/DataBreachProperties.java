package io.runbook.escalation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Legal's regulatory deadline on a suspected data breach ({@code runbook.data-breach}). GDPR Art. 33:
 * the supervisory authority is notified within 72 hours of becoming aware of the breach, so Legal's
 * review is due 72 h after the moment the breach was suspected; Legal is reminded 24 h and 12 h
 * before, and the top of the escalation path (the CTO) is told 6 h before. Start-up fails naming the
 * key when the times are not in that order.
 *
 * @param deadline from the moment the breach was suspected to Legal's deadline
 * @param firstReminderBefore Legal's first reminder, this long before the deadline
 * @param secondReminderBefore Legal's second reminder, this long before the deadline
 * @param escalateBefore the escalation, this long before the deadline
 * @param escalateTo contact key ({@code runbook.contacts}) told when the deadline is near; empty: the
 *     top of {@code runbook.escalation.path} (the runbook's CTO)
 */
@ConfigurationProperties(prefix = "runbook.data-breach")
public record DataBreachProperties(
    Duration deadline, Duration firstReminderBefore, Duration secondReminderBefore, Duration escalateBefore,
    String escalateTo) {

  public DataBreachProperties {
    deadline = deadline == null ? Duration.ofHours(72) : deadline;
    firstReminderBefore = firstReminderBefore == null ? Duration.ofHours(24) : firstReminderBefore;
    secondReminderBefore = secondReminderBefore == null ? Duration.ofHours(12) : secondReminderBefore;
    escalateBefore = escalateBefore == null ? Duration.ofHours(6) : escalateBefore;
    escalateTo = escalateTo == null || escalateTo.isBlank() ? null : escalateTo.trim();
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("runbook.data-breach.deadline must be positive, not " + deadline);
    }
    if (!(deadline.compareTo(firstReminderBefore) >= 0 && firstReminderBefore.compareTo(secondReminderBefore) >= 0
        && secondReminderBefore.compareTo(escalateBefore) >= 0 && !escalateBefore.isNegative())) {
      throw new IllegalArgumentException("runbook.data-breach: deadline (" + deadline + ") >= first-reminder-before ("
          + firstReminderBefore + ") >= second-reminder-before (" + secondReminderBefore + ") >= escalate-before ("
          + escalateBefore + ") >= 0 must hold");
    }
  }
}
