package io.runbook.incident;

/**
 * Names shared between the BPMN models and the Java code: process keys, element ids, message
 * names and variable names. A renamed task breaks compilation here, not production.
 */
public final class IncidentProcess {

  private IncidentProcess() {}

  public static final String PROCESS_KEY = "incident-response";
  public static final String MITIGATION_PROCESS_KEY = "incident-mitigation";

  /**
   * Security's and Legal's reviews run as processes of their own, called by the incident process:
   * their variables, comments and history are then guarded by grants on these keys alone (need-to-know).
   */
  public static final String SECURITY_REVIEW_PROCESS_KEY = "security-review";
  public static final String LEGAL_REVIEW_PROCESS_KEY = "legal-review";

  /** The quarterly runbook review (team leads), not an incident review. */
  public static final String RUNBOOK_REVIEW_PROCESS_KEY = "runbook-review";

  /** Message start event used by alert ingestion. */
  public static final String MESSAGE_ALERT_RECEIVED = "AlertReceived";

  /**
   * Acknowledges an incident without completing triage (an alert source's "acknowledge"); correlate
   * by business key (the incident id) with {@code acknowledgedBy} and {@code acknowledgedVia}.
   */
  public static final String MESSAGE_INCIDENT_ACKNOWLEDGED = "IncidentAcknowledged";

  /**
   * Sent by detection (business key = incident id, {@code correlateAll}) for every duplicate trigger
   * of an open incident; during mitigation's monitoring window it reopens mitigation.
   */
  public static final String MESSAGE_ALERT_RETRIGGERED = "AlertRetriggered";

  /** BPMN error thrown by an automated action whose last attempt failed. */
  public static final String ERROR_ACTION_FAILED = "ACTION_FAILED";

  /** Type of the Camunda incident raised while a person reviews a failed action. */
  public static final String INCIDENT_TYPE_ACTION_FAILED = "actionFailed";

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

  // Element ids of the review processes (security-review, legal-review).
  public static final String SECURITY_REVIEW = "SecurityReviewTask";
  public static final String LEGAL_REVIEW = "LegalReviewTask";

  // Element ids of the mitigation process.
  public static final String MITIGATE = "MitigateTask";
  public static final String MITIGATION_ACTION_GATEWAY = "MitigationActionGateway";
  public static final String APPROVE_ROLLBACK = "ApproveRollbackTask";
  public static final String ROLLBACK = "RollBackTask";
  public static final String ROLLBACK_FAILED = "RollBackFailedBoundaryEvent";
  public static final String VERIFY_HEALTH = "VerifyServiceHealthTask";
  public static final String VERIFY_HEALTH_FAILED = "VerifyServiceHealthFailedBoundaryEvent";
  public static final String MONITORING = "MonitorForRecurrenceSubProcess";
  public static final String HEALTH_CHECK_INTERVAL_TIMER = "HealthCheckIntervalTimer";
  public static final String PERIODIC_HEALTH_CHECK = "PeriodicHealthCheckTask";
  public static final String MONITORING_WINDOW_TIMER = "MonitoringWindowEndedBoundaryEvent";
  public static final String ALERT_RETRIGGERED = "AlertRetriggeredBoundaryEvent";
  public static final String MONITORING_HEALTH_FAILED = "MonitoringHealthFailedBoundaryEvent";
  public static final String END_MITIGATED = "MitigatedEndEvent";

  // The notification process: one instance per message and channel, business key = incident id.
  public static final String NOTIFICATION_PROCESS_KEY = "incident-notification";
  public static final String DELIVER_NOTIFICATION = "DeliverNotificationSubProcess";
  public static final String SEND_NOTIFICATION = "SendNotificationTask";
  public static final String NOTIFICATION_DELIVERED = "NotificationDeliveredEndEvent";
  public static final String DELIVER_BY_HAND = "DeliverNotificationByHandTask";
  public static final String DELIVERED_BY_HAND = "NotificationDeliveredByHandEndEvent";

  /** Correlated to a notification process by the engine when its delivery has no retries left. */
  public static final String MESSAGE_NOTIFICATION_UNDELIVERABLE = "NotificationUndeliverable";

  /** Process variables. */
  public static final class Var {
    private Var() {}

    public static final String INCIDENT_ID = "incidentId";
    /** Transient, during registration: the incident id was chosen before the start (ingestion). */
    public static final String INCIDENT_ID_GIVEN = "incidentIdGiven";
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

    // SLA clocks and escalation.
    /** Divides every SLA duration of this incident (drills); absent means 1. */
    public static final String TIME_SCALE = "timeScale";
    public static final String ACK_DUE = "acknowledgementDue";
    public static final String ACK_SEVERITY = "acknowledgementSeverity";
    public static final String ACK_LEVEL = "acknowledgementLevel";
    public static final String ACK_BREACHED_AT = "acknowledgementBreachedAt";
    public static final String RESOLUTION_DUE = "resolutionDue";
    public static final String RESOLUTION_LEVEL = "resolutionLevel";
    public static final String RESOLUTION_BREACHED_AT = "resolutionBreachedAt";
    /**
     * The incident's latest escalation event as one line of text. Every event is a row of the
     * escalation history table; this variable puts each of them in the engine's history too.
     */
    public static final String LAST_ESCALATION = "lastEscalation";

    // Drills: every automated action of a drill runs as a dry-run (logged and recorded, not executed).
    public static final String DRILL = "drill";
    public static final String DRILL_SCENARIO = "drillScenario";

    // The notification process.
    public static final String NOTIFICATION_CHANNEL = "notificationChannel";
    public static final String NOTIFICATION_ROLE = "notificationRole";
    public static final String NOTIFICATION_REASON = "notificationReason";
    public static final String NOTIFICATION_RECIPIENTS = "notificationRecipients";
    public static final String NOTIFICATION_SUBJECT = "notificationSubject";
    public static final String NOTIFICATION_BODY = "notificationBody";
    public static final String NOTIFICATION_DELIVERED_AT = "notificationDeliveredAt";
    /** The rb_notification row a notification process delivers (the dispatcher handed it over). */
    public static final String NOTIFICATION_ID = "notificationId";
    public static final String NOTIFICATION_ERROR = "notificationError";

    // Detection: set on incidents opened by alerts.
    public static final String DEDUP_KEY = "dedupKey";
    public static final String ALERT_COUNT = "alertCount";
    public static final String LAST_ALERT_AT = "lastAlertAt";
    public static final String ALERT_SUMMARY = "alertSummary";
    public static final String ALERTS_RESOLVED_AT = "alertsResolvedAt";
    public static final String RECOVERY = "recovery";
    public static final String RECOVERY_NOTES = "recoveryNotes";

    // Automation (mitigation and investigation).
    /** The Technical Lead's choice: {@code quick-fix} or {@code rollback}. */
    public static final String MITIGATION_ACTION = "mitigationAction";
    public static final String FIX_IMPLEMENTED = "fixImplemented";
    /** The Incident Commander's decision on a SEV-1/SEV-2 rollback: {@code approved} or {@code rejected}. */
    public static final String ROLLBACK_APPROVAL = "rollbackApproval";
    public static final String ROLLBACK_APPROVAL_COMMENT = "rollbackApprovalComment";
    public static final String ROLLBACK_APPROVED_BY = "rollbackApprovedBy";
    public static final String ROLLBACK_REJECTED_BY = "rollbackRejectedBy";
    public static final String ROLLBACK_DECIDED_AT = "rollbackDecidedAt";
    /** Why mitigation was reopened during the monitoring window. */
    public static final String RECURRENCE = "recurrence";
    /** One line about the latest automated action, shown on the next form. */
    public static final String LAST_ACTION_SUMMARY = "lastActionSummary";
    /** Set when an action's last attempt failed; consumed when the review task raises the Camunda incident. */
    public static final String ACTION_FAILURE = "actionFailure";
    public static final String FAILED_ACTION = "failedAction";
    public static final String ACTION_INCIDENT_ID = "actionIncidentId";
    public static final String TELEMETRY_DASHBOARD_URL = "telemetryDashboardUrl";
  }

  /**
   * Variables recording an action's latest run, named {@code <prefix><Suffix>}: the prefix is the
   * action name in camel case ({@code rollback}, {@code health}, {@code recentChanges}), for example
   * {@code rollbackExitCode}, {@code healthOutput}, {@code recentChangesOutput}.
   */
  public static final class ActionVar {
    private ActionVar() {}

    public static final String OUTCOME = "Outcome";
    public static final String EXIT_CODE = "ExitCode";
    public static final String DURATION_MS = "DurationMs";
    public static final String OUTPUT = "Output";
    public static final String ERRORS = "Errors";
    public static final String COMMAND = "Command";
    public static final String SERVICE = "Service";
    public static final String ATTEMPTS = "Attempts";
    public static final String SUMMARY = "Summary";
    public static final String FINISHED_AT = "FinishedAt";
    /** The whole captured output (up to max-output per stream) as a text file. */
    public static final String LOG = "Log";

    /** "recent-changes" -> "recentChanges". */
    public static String prefix(String action) {
      StringBuilder prefix = new StringBuilder();
      boolean upper = false;
      for (char c : action.toCharArray()) {
        if (c == '-' || c == '_' || c == '.') {
          upper = true;
        } else {
          prefix.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return prefix.toString();
    }

    public static String name(String action, String suffix) {
      return prefix(action) + suffix;
    }
  }
}
