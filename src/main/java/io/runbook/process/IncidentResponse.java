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
  public static final String RESOLUTION_SLA_MET = "IncidentClosedEvent";
  public static final String RESOLUTION_SLA_MET_END = "ResolutionSlaMetEndEvent";
  public static final String RESOLUTION_ESCALATION_DONE = "ResolutionEscalationDoneEndEvent";

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
