package io.runbook.process;

/**
 * The incident process ({@code processes/incident-response.bpmn}): its key, the messages it
 * catches and its element ids, phase by phase.
 */
public final class IncidentResponse {

  private IncidentResponse() {}

  public static final String PROCESS_KEY = "incident-response";
  /** Message start event used by alert ingestion. */
  public static final String MESSAGE_ALERT_RECEIVED = "AlertReceived";
  /**
   * Acknowledges an incident without completing triage (an alert source's "acknowledge"); correlate
   * by business key (the incident id) with {@code acknowledgedBy} and {@code acknowledgedVia}.
   */
  public static final String MESSAGE_INCIDENT_ACKNOWLEDGED = "IncidentAcknowledged";
  /** Detection: every alert of the incident is resolved (correlateAll by business key). */
  public static final String MESSAGE_ALERTS_RESOLVED = "AlertsResolved";

  // Element ids of the main process, phase by phase.
  public static final String START_ALERT_RECEIVED = "AlertReceivedStartEvent";
  public static final String START_REPORTED = "IncidentReportedStartEvent";
  public static final String REGISTER_INCIDENT = "RegisterIncidentTask";
  public static final String TRIAGE_SUBPROCESS = "TriageSubProcess";
  public static final String TRIAGE = "TriageTask";
  public static final String AWAIT_ACKNOWLEDGEMENT = "AwaitAcknowledgementTask";
  public static final String ACKNOWLEDGED = "AcknowledgedEndEvent";
  public static final String APPLY_TRIAGE = "ApplyTriageTask";
  // Re-triage: the Incident Commander (else a team lead) re-assesses severity and flags until closing.
  public static final String REASSESS_JOIN = "ReassessSeverityJoinGateway";
  public static final String REASSESS_SEVERITY = "ReassessSeverityTask";
  public static final String REASSESS_COMMANDER_NAMED = "ReassessSeverityCommanderNamedEvent";
  public static final String REASSESS_CLOSED = "ReassessSeverityClosedEvent";
  public static final String REASSESS_ENDED = "ReassessSeverityEndedEndEvent";
  public static final String APPLY_RETRIAGE = "ApplyRetriageTask";
  public static final String RETRIAGE_ROUTE = "RetriageRouteGateway";
  public static final String ASSEMBLE_TEAM_ON_RAISE = "AssembleResponseTeamOnRaiseTask";
  public static final String TEAM_ASSEMBLED_ON_RAISE = "ResponseTeamAssembledOnRaiseEndEvent";
  public static final String RETRIAGE_THROW_STATUS_UPDATES = "RetriageStatusUpdatesThrowEvent";
  public static final String RETRIAGE_THROW_SECURITY_REVIEW = "RetriageSecurityReviewThrowEvent";
  public static final String RETRIAGE_THROW_LEGAL_REVIEW = "RetriageLegalReviewThrowEvent";
  /** Call activities of the incident process that run the reviews. */
  public static final String SECURITY_REVIEW_CALL = "SecurityReviewCallActivity";
  public static final String LEGAL_REVIEW_CALL = "LegalReviewCallActivity";
  public static final String ASSEMBLE_TEAM = "AssembleResponseTeamTask";
  public static final String STATUS_PAGE_UPDATE = "StatusPageUpdateTask";
  public static final String PUBLISH_STATUS_UPDATE = "PublishStatusUpdateTask";
  public static final String GATHER_RECENT_CHANGES = "GatherRecentChangesTask";
  public static final String INVESTIGATION = "InvestigationTask";
  public static final String MITIGATION = "MitigationCallActivity";
  public static final String CONFIRM_ROOT_CAUSE = "ConfirmRootCauseTask";
  public static final String DEPLOY_PERMANENT_FIX = "DeployPermanentFixTask";
  public static final String VERIFY_FIX = "VerifyFixTask";
  public static final String CLOSE_INCIDENT = "CloseIncidentTask";
  public static final String PREPARE_POST_MORTEM = "PreparePostMortemTask";
  public static final String POST_MORTEM = "PostMortemTask";
  public static final String PUBLISH_POST_MORTEM = "PublishPostMortemTask";
  public static final String END_CLOSED = "IncidentClosedEndEvent";
  public static final String END_POST_MORTEM = "PostMortemPublishedEndEvent";

  // Detection: the people working the incident confirm recovery when its alerts resolve.
  public static final String ALERTS_RESOLVED_SUBPROCESS = "AlertsResolvedEventSubProcess";
  public static final String START_ALERTS_RESOLVED = "AlertsResolvedStartEvent";
  public static final String CONFIRM_RECOVERY = "ConfirmRecoveryTask";
  public static final String END_RECOVERY_CONFIRMED = "RecoveryConfirmedEndEvent";

  // SLA clocks and escalation (inside the triage subprocess and after routing).
  public static final String ACK_SLA_GATEWAY = "AcknowledgementSlaGateway";
  public static final String ACK_SLA_EVENTS = "AcknowledgementSlaEventGateway";
  public static final String ACK_OVERDUE = "AcknowledgementOverdueTimer";
  public static final String ESCALATE_UNACKNOWLEDGED = "EscalateUnacknowledgedTask";
  public static final String ACK_SEVERITY_CHANGED = "AcknowledgementSeverityChangedEvent";
  public static final String ACK_SLA_MET = "AcknowledgementSlaMetEvent";
  public static final String ACK_SLA_MET_END = "AcknowledgementSlaMetEndEvent";
  public static final String ACK_ESCALATION_DONE = "AcknowledgementEscalationDoneEndEvent";
  public static final String RESOLUTION_SLA_GATEWAY = "ResolutionSlaGateway";
  public static final String RESOLUTION_SLA_EVENTS = "ResolutionSlaEventGateway";
  public static final String RESOLUTION_OVERDUE = "ResolutionOverdueTimer";
  public static final String ESCALATE_UNRESOLVED = "EscalateUnresolvedTask";
  /** A re-triage changed the severity: the resolution clock is armed again from the change. */
  public static final String RESOLUTION_CLOCK_RESTARTED = "ResolutionClockRestartedEvent";
  public static final String RESOLUTION_SLA_MET = "IncidentClosedEvent";
  public static final String RESOLUTION_SLA_MET_END = "ResolutionSlaMetEndEvent";
  public static final String RESOLUTION_ESCALATION_DONE = "ResolutionEscalationDoneEndEvent";
}
