package io.runbook.board;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one SLA clock of an open incident stands at {@code now}, from the variables the clocks keep
 * ({@code acknowledgementDue}, {@code acknowledgementBreachedAt}, ...).
 *
 * @param state {@code not-started} (no due time yet: the resolution clock starts at routing),
 *     {@code running} (due in the future), {@code met} (stopped before its due time: acknowledged),
 *     {@code breached} (its due time passed, recorded by the escalation or not yet)
 * @param active the clock still runs (a breach not yet stopped is what makes an incident urgent)
 * @param dueAt when it breaches (running only)
 * @param secondsToBreach {@code dueAt - now} (running only)
 * @param breachedAt when it breached (breached only)
 * @param nextEscalationAt after a breach, when the next level is told (if any is left)
 * @param level escalation levels told for this clock (0: none)
 */
public record SlaState(
    String state, boolean active, Instant dueAt, Long secondsToBreach, Instant breachedAt, Instant nextEscalationAt,
    int level) {

  public static final String NOT_STARTED = "not-started";
  public static final String RUNNING = "running";
  public static final String MET = "met";
  public static final String BREACHED = "breached";

  /**
   * @param stopped the clock was stopped (acknowledged; the resolution clock stops only at closing)
   * @param due the clock's due time variable: the breach time before a breach, the next escalation after
   * @param breachedAt the breach the escalation recorded, if any
   */
  public static SlaState of(boolean stopped, Instant due, Instant breachedAt, int level, Instant now) {
    if (breachedAt != null) {
      return new SlaState(BREACHED, !stopped, null, null, breachedAt, stopped ? null : due, level);
    }
    if (stopped) {
      return new SlaState(MET, false, null, null, null, null, level);
    }
    if (due == null) {
      return new SlaState(NOT_STARTED, false, null, null, null, null, level);
    }
    if (!due.isAfter(now)) {
      // The timer is due but the escalation has not run yet: breached all the same.
      return new SlaState(BREACHED, true, null, null, due, null, level);
    }
    return new SlaState(RUNNING, true, due, Duration.between(now, due).toSeconds(), null, null, level);
  }

  /** A breach of a clock that still runs. */
  public boolean activeBreach() {
    return active && BREACHED.equals(state);
  }
}
