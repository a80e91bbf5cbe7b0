package io.runbook.report;

import io.runbook.triage.Severity;
import java.time.Instant;
import java.util.List;

/**
 * What the metrics need to know about one incident, read from its history.
 *
 * @param severity the severity it ended up with (triage's, else the proposed one)
 * @param source where it came from ({@code monitoring}, {@code user-report}, ...)
 * @param affectedSystems the systems listed as affected, possibly none
 * @param reportedAt when it was reported (first alert or report): the start of every clock
 * @param acknowledgedAt when somebody first acknowledged it (claim, alert-source acknowledge or triage), or null
 * @param closedAt when its ticket was closed (the runbook's resolution), or null
 * @param acknowledgementBreached whether the acknowledgement SLA was breached
 * @param resolutionBreached whether the resolution SLA was breached
 * @param escalationLevels the escalation level each of its escalations reached (1 = first level of the path)
 * @param drill whether it is a practice incident
 */
public record IncidentFacts(
    String incidentId,
    Severity severity,
    String source,
    List<String> affectedSystems,
    Instant reportedAt,
    Instant acknowledgedAt,
    Instant closedAt,
    boolean acknowledgementBreached,
    boolean resolutionBreached,
    List<Integer> escalationLevels,
    boolean drill) {

  public IncidentFacts {
    affectedSystems = affectedSystems == null ? List.of() : List.copyOf(affectedSystems);
    escalationLevels = escalationLevels == null ? List.of() : List.copyOf(escalationLevels);
  }
}
