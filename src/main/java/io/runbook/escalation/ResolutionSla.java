package io.runbook.escalation;

import io.runbook.incident.IncidentProcess.Var;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The resolution SLA clock, started when triage has routed the incident ({@code ${resolutionSla...}}
 * in the model). It runs until the incident ticket is closed.
 */
@Component("resolutionSla")
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
        : clock.nextDue(Sla.RESOLUTION, state.severity(), state.reportedAt(), state.levelsNotified(), state.breached(),
            state.timeScale());
    incident.setVariable(Var.RESOLUTION_DUE, due.map(Date::from).orElse(null));
  }

  /** Condition of "Incident closed". */
  public boolean closed(DelegateExecution incident) {
    return incident.getVariable(Var.CLOSED_AT) != null;
  }
}
