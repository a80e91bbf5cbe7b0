package io.runbook.incident;

/**
 * Names shared between the BPMN models and the Java code: process keys, element ids, message
 * names and variable names. A renamed task breaks compilation here, not production.
 */
public final class IncidentProcess {

  private IncidentProcess() {}

  public static final String PROCESS_KEY = "incident-response";
  public static final String MITIGATION_PROCESS_KEY = "incident-mitigation";

  /** Message start event used by alert ingestion. */
  public static final String MESSAGE_ALERT_RECEIVED = "AlertReceived";

  /**
   * Acknowledges an incident without completing triage (an alert source's "acknowledge"); correlate
   * by business key (the incident id) with {@code acknowledgedBy} and {@code acknowledgedVia}.
   */
  public static final String MESSAGE_INCIDENT_ACKNOWLEDGED = "IncidentAcknowledged";

  /**
   * Detection: a duplicate trigger arrived for an open incident (correlateAll by business key, with
   * {@code alertCount} and {@code lastAlertAt}; nobody needs to be waiting).
   */
  public static final String MESSAGE_ALERT_RETRIGGERED = "AlertRetriggered";

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
  public static final String SECURITY_REVIEW = "SecurityReviewTask";
  public static final String LEGAL_REVIEW = "LegalReviewTask";
  public static final String ASSEMBLE_TEAM = "AssembleResponseTeamTask";
  public static final String STATUS_PAGE_UPDATE = "StatusPageUpdateTask";
  public static final String PUBLISH_STATUS_UPDATE = "PublishStatusUpdateTask";
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

  // Element ids of the mitigation process.
  public static final String MITIGATE = "MitigateTask";

  /** Process variables. */
  public static final class Var {
    private Var() {}

    public static final String INCIDENT_ID = "incidentId";
    public static final String SOURCE = "source";
    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String REPORTED_BY = "reportedBy";
    public static final String REPORTED_AT = "reportedAt";
    public static final String PROPOSED_SEVERITY = "proposedSeverity";
    public static final String SEVERITY = "severity";
    public static final String SEVERITY_GUIDE = "severityGuide";
    public static final String RESPONSE_TIME = "responseTime";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String ACKNOWLEDGED_BY = "acknowledgedBy";
    public static final String ACKNOWLEDGED_VIA = "acknowledgedVia";
    public static final String AFFECTED_SYSTEMS = "affectedSystems";
    public static final String AFFECTED_USERS = "affectedUsers";
    public static final String SECURITY_RELATED = "securityRelated";
    public static final String DATA_BREACH_SUSPECTED = "dataBreachSuspected";
    public static final String RESPONSE_TEAM_REQUIRED = "responseTeamRequired";
    public static final String POST_MORTEM_REQUIRED = "postMortemRequired";
    public static final String POST_MORTEM_REQUESTED = "postMortemRequested";
    public static final String POST_MORTEM_DUE = "postMortemDue";
    public static final String INCIDENT_COMMANDER = "incidentCommander";
    public static final String TECHNICAL_LEAD = "technicalLead";
    public static final String COMMUNICATIONS_LEAD = "communicationsLead";
    public static final String SCRIBE = "scribe";
    public static final String CHANNEL = "channel";
    public static final String INITIAL_NOTIFICATION = "initialNotification";
    public static final String STATUS = "status";
    public static final String SERVICE_RESTORED = "serviceRestored";
    public static final String ROOT_CAUSE = "rootCause";
    public static final String CLOSED_AT = "closedAt";
    public static final String TIMELINE = "timeline";
    public static final String POST_MORTEM_REPORT = "postMortemReport";
    // Detection: set on incidents opened by alerts.
    public static final String DEDUP_KEY = "dedupKey";
    public static final String ALERT_COUNT = "alertCount";
    public static final String LAST_ALERT_AT = "lastAlertAt";
    public static final String ALERT_SUMMARY = "alertSummary";
    public static final String ALERTS_RESOLVED_AT = "alertsResolvedAt";
    public static final String RECOVERY = "recovery";
    public static final String RECOVERY_NOTES = "recoveryNotes";
  }
}
