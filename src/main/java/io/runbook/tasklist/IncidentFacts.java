package io.runbook.tasklist;

import io.runbook.incident.IncidentIntake;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;

/**
 * What a Tasklist card needs to know about an incident, read from the incident process's variables:
 * the severity that counts (decided, else proposed, else the intake's default, as the SLA clocks
 * read it), when it was reported, how far each SLA has escalated, who commands it; for "Post status
 * update", when it is due and whether it was escalated as missed (variables of the status update
 * cadence, visible from that task's execution only: {@link #withStatusUpdate}).
 */
record IncidentFacts(
    String incidentId,
    String title,
    Severity severity,
    Instant reportedAt,
    double timeScale,
    int acknowledgementLevel,
    int resolutionLevel,
    String incidentCommander,
    String reportedBy,
    boolean drill,
    Instant postMortemDue,
    Instant statusUpdateDue,
    boolean statusUpdateMissed,
    Instant legalReviewDue) {

  static IncidentFacts read(Function<String, Object> variables) {
    Severity severity = Severity.fromCode(text(variables.apply(ProcessVariables.SEVERITY)))
        .or(() -> Severity.fromCode(text(variables.apply(ProcessVariables.PROPOSED_SEVERITY))))
        .orElse(IncidentIntake.DEFAULT_SEVERITY);
    Object scale = variables.apply(ProcessVariables.TIME_SCALE);
    return new IncidentFacts(
        text(variables.apply(ProcessVariables.INCIDENT_ID)),
        text(variables.apply(ProcessVariables.TITLE)),
        severity,
        instant(variables.apply(ProcessVariables.REPORTED_AT)),
        scale instanceof Number n && n.doubleValue() >= 1 ? n.doubleValue() : 1,
        number(variables.apply(ProcessVariables.ACK_LEVEL)),
        number(variables.apply(ProcessVariables.RESOLUTION_LEVEL)),
        text(variables.apply(ProcessVariables.INCIDENT_COMMANDER)),
        text(variables.apply(ProcessVariables.REPORTED_BY)),
        Boolean.TRUE.equals(variables.apply(ProcessVariables.DRILL)),
        instant(variables.apply(ProcessVariables.POST_MORTEM_DUE)),
        instant(variables.apply(ProcessVariables.STATUS_UPDATE_DUE)),
        Boolean.TRUE.equals(variables.apply(ProcessVariables.STATUS_UPDATE_MISSED)),
        instant(variables.apply(ProcessVariables.LEGAL_REVIEW_DUE)));
  }

  /** These facts with the status update cadence's variables as {@code task} (its execution) sees them. */
  IncidentFacts withStatusUpdate(Function<String, Object> task) {
    return new IncidentFacts(incidentId, title, severity, reportedAt, timeScale, acknowledgementLevel, resolutionLevel,
        incidentCommander, reportedBy, drill, postMortemDue, instant(task.apply(ProcessVariables.STATUS_UPDATE_DUE)),
        Boolean.TRUE.equals(task.apply(ProcessVariables.STATUS_UPDATE_MISSED)), legalReviewDue);
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }

  private static Instant instant(Object value) {
    return value instanceof Date date ? date.toInstant() : null;
  }
}
