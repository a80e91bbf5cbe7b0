package io.runbook.board;

import java.time.Instant;

/**
 * One open incident on the board.
 *
 * @param reportedAt when the incident was reported (its SLA clocks count from then); {@code ageSeconds} is since then
 * @param phase the runbook phase of its latest active activity (io.runbook.process.RunbookPhase)
 * @param breached an SLA clock that still runs is breached
 * @param secondsToBreach the nearest breach of a running clock; negative when breached (seconds
 *     since the earliest active breach); null when no clock runs
 * @param escalationLevel the highest escalation level told, over both clocks
 * @param nextStatusUpdateDue when the next status page update is due; {@code nextStatusUpdateFrom}
 *     says where that comes from ({@code status-page-task}: the open task's due date;
 *     {@code last-update}: the published update's "next update in N minutes"), null when none is due
 */
public record BoardIncident(
    String incidentId, String title, String severity, boolean drill, String phase, String incidentCommander,
    String processInstanceId, Instant reportedAt, long ageSeconds, SlaState acknowledgement, SlaState resolution,
    boolean breached, Long secondsToBreach, int escalationLevel, Instant nextStatusUpdateDue,
    String nextStatusUpdateFrom) {}
