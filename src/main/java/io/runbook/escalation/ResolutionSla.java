package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import io.runbook.triage.Severity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The resolution SLA clock, started when triage has routed the incident ({@code ${resolutionSla...}}
 * in the model). It runs until the incident ticket is closed; a re-triage that changes the severity
 * restarts it from the change (package {@code io.runbook.retriage}).
 */
@Component(Beans.RESOLUTION_SLA)
public class ResolutionSla {

  private final SlaClock clock;

  public ResolutionSla(SlaClock clock) {
    this.clock = clock;
  }

  /** Start listener of the arming gateway: sets {@code resolutionDue} (null: nothing left to escalate). */
  public void arm(DelegateExecution incident) {
    SlaSnapshot state = SlaSnapshot.of(incident, Sla.RESOLUTION);
    Optional<Instant> due = closed(incident)
        ? Optional.empty()
        : clock.nextDue(Sla.RESOLUTION, state.severity(), state.start(), state.levelsNotified(), state.breached(),
            state.timeScale());
    incident.setVariable(ProcessVariables.RESOLUTION_DUE, due.map(Date::from).orElse(null));
    incident.setVariable(ProcessVariables.RESOLUTION_ARMED_FROM, Date.from(state.start()));
  }

  /**
   * Condition of "Severity re-assessed": a re-triage changed the severity and restarted the clock
   * ({@code resolutionClockStart} moved), so the pending timer is armed again for the new severity.
   */
  public boolean restarted(DelegateExecution incident) {
    Object start = incident.getVariable(ProcessVariables.RESOLUTION_CLOCK_START);
    Object armedFrom = incident.getVariable(ProcessVariables.RESOLUTION_ARMED_FROM);
    return start instanceof Date && !start.equals(armedFrom);
  }

  /**
   * A re-triage changed the severity from {@code from} to the incident's current one: the resolution
   * clock starts again, from now, at level 0 (the escalation history keeps who was already told).
   * A raise never moves the deadline later than the old severity had it: while the old target is
   * not yet missed, the new clock's deadline is the earlier of the two. Returns the new deadline.
   */
  public Instant restart(DelegateExecution incident, Severity from) {
    SlaSnapshot state = SlaSnapshot.of(incident, Sla.RESOLUTION);
    Severity to = state.severity();
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Instant start = now;
    if (to.ordinal() < from.ordinal() && !state.breached()) {
      Instant oldDeadline = clock.breachAt(Sla.RESOLUTION, from, state.start(), state.timeScale());
      Instant keep = oldDeadline.minus(SlaClock.scaled(clock.target(Sla.RESOLUTION, to), state.timeScale()));
      if (keep.isBefore(start)) {
        start = keep;
      }
    }
    incident.setVariable(ProcessVariables.RESOLUTION_LEVEL, 0);
    incident.setVariable(ProcessVariables.RESOLUTION_BREACHED_AT, null);
    // Last: "Severity re-assessed" on the clock fires on this variable and re-arms with the values above.
    incident.setVariable(ProcessVariables.RESOLUTION_CLOCK_START, Date.from(start));
    return clock.breachAt(Sla.RESOLUTION, to, start, state.timeScale());
  }

  /** Condition of "Incident closed". */
  public boolean closed(DelegateExecution incident) {
    return incident.getVariable(ProcessVariables.CLOSED_AT) != null;
  }
}
