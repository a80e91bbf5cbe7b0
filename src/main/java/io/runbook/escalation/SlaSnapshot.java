package io.runbook.escalation;

import io.runbook.incident.IncidentIntake;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** What the SLA clocks need to know about an incident, read from its variables. */
/**
 * @param start when this SLA's clock started: the report; for the resolution clock the last
 *     re-triage that changed the severity, if any ({@code resolutionClockStart})
 */
record SlaSnapshot(Severity severity, Instant start, double timeScale, int levelsNotified, boolean breached) {

  static SlaSnapshot of(VariableScope incident, Sla sla) {
    String levelVar = sla == Sla.ACKNOWLEDGEMENT ? ProcessVariables.ACK_LEVEL : ProcessVariables.RESOLUTION_LEVEL;
    String breachedVar = sla == Sla.ACKNOWLEDGEMENT ? ProcessVariables.ACK_BREACHED_AT : ProcessVariables.RESOLUTION_BREACHED_AT;
    Object level = incident.getVariable(levelVar);
    return new SlaSnapshot(
        effectiveSeverity(incident),
        start(incident, sla),
        timeScale(incident),
        level instanceof Number n ? n.intValue() : 0,
        incident.getVariable(breachedVar) != null);
  }

  /** The severity triage decided, else the proposed one, else the intake's default. */
  static Severity effectiveSeverity(VariableScope incident) {
    return Severity.fromCode((String) incident.getVariable(ProcessVariables.SEVERITY))
        .or(() -> Severity.fromCode((String) incident.getVariable(ProcessVariables.PROPOSED_SEVERITY)))
        .orElse(IncidentIntake.DEFAULT_SEVERITY);
  }

  static double timeScale(VariableScope incident) {
    Object scale = incident.getVariable(ProcessVariables.TIME_SCALE);
    return scale instanceof Number n && n.doubleValue() >= 1 ? n.doubleValue() : 1;
  }

  /** When the SLA's clock started. */
  static Instant start(VariableScope incident, Sla sla) {
    if (sla == Sla.RESOLUTION && incident.getVariable(ProcessVariables.RESOLUTION_CLOCK_START) instanceof Date restarted) {
      return restarted.toInstant();
    }
    return reportedAt(incident);
  }

  private static Instant reportedAt(VariableScope incident) {
    Object reportedAt = incident.getVariable(ProcessVariables.REPORTED_AT);
    return reportedAt instanceof Date date ? date.toInstant() : ClockUtil.getCurrentTime().toInstant();
  }
}
