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
  /** SEV-1/SEV-2 at team assembly: starts the status updates (contract C1). */
  public static final String THROW_STATUS_UPDATES_REQUIRED = "StatusUpdatesRequiredEndEvent";
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
  /** "Post-Mortem (Within 48 Hours)": non-interrupting timers on "Write post-mortem" (runbook.post-mortem). */
  public static final String POST_MORTEM_REMINDER_TIMER = "PostMortemReminderTimer";
  public static final String REMIND_POST_MORTEM_AUTHOR = "RemindPostMortemAuthorTask";
  public static final String END_POST_MORTEM_AUTHOR_REMINDED = "PostMortemAuthorRemindedEndEvent";
  public static final String POST_MORTEM_OVERDUE_TIMER = "PostMortemOverdueTimer";
  public static final String ESCALATE_LATE_POST_MORTEM = "EscalateLatePostMortemTask";
  public static final String END_LATE_POST_MORTEM_ESCALATED = "LatePostMortemEscalatedEndEvent";

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

  // Status updates on a cadence (contract C1): a non-interrupting escalation event subprocess.
  /** Escalation code thrown to start the status updates; a repeated throw starts nothing new. */
  public static final String ESCALATION_STATUS_UPDATES_REQUIRED = "status-updates-required";
  public static final String STATUS_UPDATES_SUBPROCESS = "StatusUpdatesEventSubProcess";
  public static final String START_STATUS_UPDATES_REQUIRED = "StatusUpdatesRequiredStartEvent";
  public static final String START_STATUS_UPDATES = "StartStatusUpdatesTask";
  public static final String STATUS_UPDATES_NEW_GATEWAY = "StatusUpdatesNewGateway";
  public static final String END_STATUS_UPDATES_ALREADY_RUNNING = "StatusUpdatesAlreadyRunningEndEvent";
  public static final String STATUS_UPDATE_CADENCE = "StatusUpdateCadenceSubProcess";
  /** "Post status update" (its id kept from when it was "Begin status page updates"). */
  public static final String STATUS_PAGE_UPDATE = "StatusPageUpdateTask";
  public static final String STATUS_UPDATE_MISSED = "StatusUpdateMissedTimer";
  public static final String ESCALATE_MISSED_STATUS_UPDATE = "EscalateMissedStatusUpdateTask";
  public static final String END_MISSED_STATUS_UPDATE_ESCALATED = "MissedStatusUpdateEscalatedEndEvent";
  public static final String PUBLISH_STATUS_UPDATE = "PublishStatusUpdateTask";
  public static final String MORE_STATUS_UPDATES_GATEWAY = "MoreStatusUpdatesGateway";
  public static final String NEXT_STATUS_UPDATE_TIMER = "NextStatusUpdateTimer";
  public static final String END_STATUS_UPDATES_RESOLVED = "StatusUpdatesResolvedEndEvent";
  public static final String STATUS_UPDATES_INCIDENT_CLOSED = "StatusUpdatesIncidentClosedEvent";
  public static final String PUBLISH_RESOLVED_STATUS_UPDATE = "PublishResolvedStatusUpdateTask";
  public static final String END_STATUS_UPDATES_CLOSED = "StatusUpdatesClosedEndEvent";
  // Security and Legal at any time (contract C2): escalations caught by non-interrupting event
  // subprocesses, each idempotent; a breach suspected at any moment throws legal-review-required.
  public static final String ESCALATION_SECURITY_REVIEW_REQUIRED = "security-review-required";
  public static final String ESCALATION_LEGAL_REVIEW_REQUIRED = "legal-review-required";
  public static final String SECURITY_REVIEW_REQUIRED_END = "SecurityReviewRequiredEndEvent";
  public static final String LEGAL_REVIEW_REQUIRED_END = "LegalReviewRequiredEndEvent";
  public static final String BREACH_SUSPECTED_SUBPROCESS = "BreachSuspectedEventSubProcess";
  public static final String SECURITY_REVIEW_SUBPROCESS = "SecurityReviewEventSubProcess";
  public static final String SECURITY_REVIEW_ALREADY_REQUESTED = "SecurityReviewAlreadyRequestedEndEvent";
  public static final String LEGAL_REVIEW_SUBPROCESS = "LegalReviewEventSubProcess";
  public static final String LEGAL_REVIEW_ALREADY_REQUESTED = "LegalReviewAlreadyRequestedEndEvent";
  public static final String START_LEGAL_DEADLINE = "StartLegalDeadlineTask";
  public static final String LEGAL_FIRST_REMINDER = "LegalFirstReminderTimer";
  public static final String LEGAL_SECOND_REMINDER = "LegalSecondReminderTimer";
  public static final String LEGAL_CTO_ESCALATION = "LegalCtoEscalationTimer";
  public static final String REMIND_LEGAL = "RemindLegalTask";
  public static final String ESCALATE_LEGAL_DEADLINE = "EscalateLegalDeadlineTask";
  public static final String RECORD_LEGAL_SIGN_OFF = "RecordLegalSignOffTask";

  // Closing waits for Legal (contract C4).
  public static final String LEGAL_SIGN_OFF_GATEWAY = "LegalSignOffGateway";
  public static final String AWAIT_LEGAL_SIGN_OFF = "AwaitLegalSignOffTask";
  public static final String LEGAL_SIGNED_OFF = "LegalSignedOffEvent";

  // The scribe's incident log: a standing task from routing until the ticket is closed.
  public static final String INCIDENT_LOG = "IncidentLogTask";
  public static final String INCIDENT_LOG_TEAM_CHANGED = "IncidentLogTeamChangedEvent";
  public static final String INCIDENT_LOG_CLOSED = "IncidentLogClosedEvent";
}
