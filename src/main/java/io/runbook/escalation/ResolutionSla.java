package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The resolution SLA clock, started when triage has routed the incident ({@code ${resolutionSla...}}
 * in the model). It runs until the incident ticket is closed.
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
        : clock.nextDue(Sla.RESOLUTION, state.severity(), state.reportedAt(), state.levelsNotified(), state.breached(),
            state.timeScale());
    incident.setVariable(ProcessVariables.RESOLUTION_DUE, due.map(Date::from).orElse(null));
  }

  /** Condition of "Incident closed". */
  public boolean closed(DelegateExecution incident) {
    return incident.getVariable(ProcessVariables.CLOSED_AT) != null;
  }
}
