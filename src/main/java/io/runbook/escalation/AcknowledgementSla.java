package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The acknowledgement SLA clock inside triage ({@code ${acknowledgementSla...}} in the model).
 * "Acknowledgement SLA armed?" arms it: the next due time and the severity it was computed for.
 * "Severity changed" fires when the incident's severity no longer matches, which re-arms the timer;
 * "Acknowledged" ends the clock.
 */
@Component(Beans.ACKNOWLEDGEMENT_SLA)
public class AcknowledgementSla {

  private final SlaClock clock;

  /**
   * The due time people read for the acknowledgement SLA (the board, the audit replay), from the
   * incident's variables: before a breach the SLA's own target ({@code acknowledgementTarget}), not
   * {@code acknowledgementDue}, which is the next escalation time and earlier while the escalation
   * column's notice is pending (SEV-2 tells the Team Lead at 30 minutes of its one hour); after the
   * breach, the next escalation. The value as stored (a date, or what the reader converted it to).
   */
  public static Object dueShown(Function<String, Object> variables) {
    Object target = variables.apply(ProcessVariables.ACK_TARGET);
    return variables.apply(ProcessVariables.ACK_BREACHED_AT) == null && target != null
        ? target : variables.apply(ProcessVariables.ACK_DUE);
  }

  public AcknowledgementSla(SlaClock clock) {
    this.clock = clock;
  }

  /** Start listener of the arming gateway: sets {@code acknowledgementDue} (null: nothing left to escalate). */
  public void arm(DelegateExecution incident) {
    SlaSnapshot state = SlaSnapshot.of(incident, Sla.ACKNOWLEDGEMENT);
    Optional<Instant> due = acknowledged(incident)
        ? Optional.empty()
        : clock.nextDue(Sla.ACKNOWLEDGEMENT, state.severity(), state.start(), state.levelsNotified(),
            state.breached(), state.timeScale());
    incident.setVariable(ProcessVariables.ACK_SEVERITY, state.severity().code());
    incident.setVariable(ProcessVariables.ACK_DUE, due.map(Date::from).orElse(null));
    incident.setVariable(ProcessVariables.ACK_TARGET,
        Date.from(clock.breachAt(Sla.ACKNOWLEDGEMENT, state.severity(), state.start(), state.timeScale())));
  }

  /** Condition of "Severity changed": severity or proposed severity moved since the clock was armed. */
  public boolean severityChanged(DelegateExecution incident) {
    Object armedFor = incident.getVariable(ProcessVariables.ACK_SEVERITY);
    return armedFor != null && !SlaSnapshot.effectiveSeverity(incident).code().equals(armedFor);
  }

  /** Condition of "Acknowledged". */
  public boolean acknowledged(DelegateExecution incident) {
    return Boolean.TRUE.equals(incident.getVariable(ProcessVariables.ACKNOWLEDGED));
  }
}
