package io.runbook.postmortem;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbook.post-mortem}: the runbook's "Post-Mortem (Within 48 Hours)" made concrete.
 *
 * @param dueAfter how long after resolution the post-mortem is due (PT48H); when it passes, the
 *     Incident Commander and the Team Lead are told
 * @param remindAfter how long after resolution the post-mortem's author is reminded (PT24H); must be
 *     shorter than {@code due-after}
 * @param actionItemReminderEvery how often the owner of an overdue action item is reminded again,
 *     after the first reminder on its due date (P1D)
 */
@Validated
@ConfigurationProperties(prefix = "runbook.post-mortem")
public record PostMortemProperties(@NotNull Duration dueAfter, @NotNull Duration remindAfter,
    @NotNull Duration actionItemReminderEvery) {

  @AssertTrue(message = "runbook.post-mortem.remind-after must be positive and shorter than due-after")
  public boolean isReminderBeforeDue() {
    return dueAfter == null || remindAfter == null || (!remindAfter.isNegative() && !remindAfter.isZero() && remindAfter.compareTo(dueAfter) < 0);
  }

  @AssertTrue(message = "runbook.post-mortem.action-item-reminder-every must be at least one minute")
  public boolean isActionItemReminderIntervalSensible() {
    return actionItemReminderEvery == null || actionItemReminderEvery.compareTo(Duration.ofMinutes(1)) >= 0;
  }
}
