package io.runbook.process;

import java.util.List;
import java.util.Optional;

/**
 * The runbook's seven phases, in order, as the BPMN groups of {@code processes/incident-response.bpmn}
 * draw them, each with the wait states of the incident process that lie inside its group. An
 * incident is in the latest phase any of its active activities belongs to, and "Alerts resolved:
 * confirm recovery" (Detection) runs beside whatever comes next. The resolution clock, the status
 * updates on a cadence (started at assembly, running until closing), the Security and Legal reviews
 * (event subprocesses, brought in at any time) and the incident log belong to no group.
 */
public enum RunbookPhase {
  DETECTION("Detection", "Group_Detection",
      IncidentResponse.REGISTER_INCIDENT, IncidentResponse.ALERTS_RESOLVED_SUBPROCESS, IncidentResponse.CONFIRM_RECOVERY),
  TRIAGE("Triage", "Group_Triage",
      IncidentResponse.TRIAGE_SUBPROCESS, IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT,
      IncidentResponse.ACK_SLA_GATEWAY, IncidentResponse.ACK_SLA_EVENTS, IncidentResponse.ACK_OVERDUE,
      IncidentResponse.ESCALATE_UNACKNOWLEDGED, IncidentResponse.APPLY_TRIAGE),
  RESPONSE_TEAM_ASSEMBLY("Response Team Assembly", "Group_ResponseTeamAssembly",
      IncidentResponse.ASSEMBLE_TEAM),
  INVESTIGATION("Investigation", "Group_Investigation",
      IncidentResponse.GATHER_RECENT_CHANGES, IncidentResponse.INVESTIGATION),
  MITIGATION("Mitigation", "Group_Mitigation", IncidentResponse.MITIGATION),
  RESOLUTION("Resolution", "Group_Resolution",
      IncidentResponse.CONFIRM_ROOT_CAUSE, IncidentResponse.DEPLOY_PERMANENT_FIX, IncidentResponse.VERIFY_FIX,
      IncidentResponse.AWAIT_LEGAL_SIGN_OFF, IncidentResponse.CLOSE_INCIDENT),
  POST_MORTEM("Post-Mortem", "Group_PostMortem",
      IncidentResponse.PREPARE_POST_MORTEM, IncidentResponse.POST_MORTEM, IncidentResponse.PUBLISH_POST_MORTEM);

  private final String label;
  private final String groupId;
  private final List<String> activityIds;

  RunbookPhase(String label, String groupId, String... activityIds) {
    this.label = label;
    this.groupId = groupId;
    this.activityIds = List.of(activityIds);
  }

  /** The phase's name as the runbook and the model's group say it ("Response Team Assembly"). */
  public String label() {
    return label;
  }

  /** The id of the model's group that draws this phase. */
  public String groupId() {
    return groupId;
  }

  /** The activities of the incident process inside this phase's group that an incident can wait in. */
  public List<String> activityIds() {
    return activityIds;
  }

  /** The phase of one activity of the incident process, if it belongs to one. */
  public static Optional<RunbookPhase> ofActivity(String activityId) {
    for (RunbookPhase phase : values()) {
      if (phase.activityIds.contains(activityId)) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }

  /** The latest phase among an incident's active activities, if any of them belongs to one. */
  public static Optional<RunbookPhase> of(Iterable<String> activeActivityIds) {
    RunbookPhase latest = null;
    for (String activityId : activeActivityIds) {
      RunbookPhase phase = ofActivity(activityId).orElse(null);
      if (phase != null && (latest == null || phase.ordinal() > latest.ordinal())) {
        latest = phase;
      }
    }
    return Optional.ofNullable(latest);
  }
}
