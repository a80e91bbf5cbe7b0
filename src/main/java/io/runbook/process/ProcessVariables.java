package io.runbook.process;

/**
 * Process variable names shared by the models and the Java code (one name, one meaning, in every
 * process that uses it).
 */
public final class ProcessVariables {

  private ProcessVariables() {}

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
  /** Triage form: notify the stakeholders of the severity (default); false only when the triager unticks it. */
  public static final String STAKEHOLDERS_NOTIFIED = "stakeholdersNotified";
  public static final String CHANNEL = "channel";
  /** Shown on "Assemble response team": whether Runbook created the channel, or that it is to be created by hand. */
  public static final String CHANNEL_NOTE = "channelNote";
  public static final String INITIAL_NOTIFICATION = "initialNotification";
  public static final String STATUS = "status";
  /** The status page update form: minutes until the next update the published update promises. */
  public static final String STATUS_NEXT_UPDATE_MINUTES = "statusNextUpdateMinutes";
  public static final String SERVICE_RESTORED = "serviceRestored";
  public static final String ROOT_CAUSE = "rootCause";
  /** "Confirm root cause" (resolution): the root cause as confirmed, which supersedes investigation's. */
  public static final String CONFIRMED_ROOT_CAUSE = "confirmedRootCause";
  public static final String CLOSED_AT = "closedAt";
  public static final String TIMELINE = "timeline";
  public static final String POST_MORTEM_REPORT = "postMortemReport";

  // SLA clocks and escalation.
  /** Divides every SLA duration of this incident (drills); absent means 1. */
  public static final String TIME_SCALE = "timeScale";
  public static final String ACK_DUE = "acknowledgementDue";
  public static final String ACK_SEVERITY = "acknowledgementSeverity";
  public static final String ACK_LEVEL = "acknowledgementLevel";
  /**
   * When the acknowledgement SLA is breached (report + response time). Differs from
   * {@code acknowledgementDue} while the escalation column's early notice is pending (SEV-2 at 30 min).
   */
  public static final String ACK_TARGET = "acknowledgementTarget";
  public static final String ACK_BREACHED_AT = "acknowledgementBreachedAt";
  public static final String RESOLUTION_DUE = "resolutionDue";
  public static final String RESOLUTION_LEVEL = "resolutionLevel";
  public static final String RESOLUTION_BREACHED_AT = "resolutionBreachedAt";
  /**
   * When the resolution clock started, if not at the report: a re-triage that changes the severity
   * restarts it (absent: counted from {@code reportedAt}).
   */
  public static final String RESOLUTION_CLOCK_START = "resolutionClockStart";
  /** The clock start the resolution timer was armed from; "Severity re-assessed" fires when it differs. */
  public static final String RESOLUTION_ARMED_FROM = "resolutionArmedFrom";

  // Re-triage ("Re-assess severity", any time until the incident is closed).
  /** The re-triage form's required reason, recorded with the change. */
  public static final String SEVERITY_CHANGE_REASON = "severityChangeReason";
  /** Who completed the last re-triage (the authenticated person). */
  public static final String SEVERITY_CHANGED_BY = "severityChangedBy";
  /**
   * Task-local on "Re-assess severity" (the values when it was opened), and transient on the incident
   * while the re-triage is applied: what the severity and the flags were before.
   */
  public static final String SEVERITY_BEFORE = "severityBefore";
  public static final String SECURITY_RELATED_BEFORE = "securityRelatedBefore";
  public static final String DATA_BREACH_SUSPECTED_BEFORE = "dataBreachSuspectedBefore";
  /** Local to "Re-assess severity": the Incident Commander it was opened for (null: the team leads). */
  public static final String REASSESSMENT_FOR = "reassessmentFor";
  /** Transient, set by "Apply re-triage" for its routing: what the change brings in. */
  public static final String RETRIAGE_ASSEMBLE_TEAM = "retriageAssembleTeam";
  public static final String RETRIAGE_STATUS_UPDATES = "retriageStatusUpdates";
  public static final String RETRIAGE_SECURITY_REVIEW = "retriageSecurityReview";
  public static final String RETRIAGE_LEGAL_REVIEW = "retriageLegalReview";
  /** The resolution clock had ended (top reached, or nothing to escalate): the re-triage starts it again. */
  public static final String RETRIAGE_RESTART_RESOLUTION_CLOCK = "retriageRestartResolutionClock";
  /**
   * The incident's latest escalation event as one line of text. Every event is a row of the
   * escalation history table; this variable puts each of them in the engine's history too.
   */
  public static final String LAST_ESCALATION = "lastEscalation";

  // Tasklist.
  /**
   * Task-local, on the reporter's "Follow INC-..." task (a standalone task, no process): the incident
   * it follows. The "Incidents I reported" filter lists the tasks that carry it.
   */
  public static final String FOLLOWED_INCIDENT = "followedIncident";

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

  // Decisions recorded by the forms and drills.
  /** Legal's conclusion on a suspected data breach. */
  public static final String BREACH_CONFIRMED = "breachConfirmed";
  /** Who completed the owning task of a control variable (recorded by its complete listener). */
  public static final String TRIAGED_BY = "triagedBy";
  public static final String RESPONSE_TEAM_ASSIGNED_BY = "responseTeamAssignedBy";
  public static final String MITIGATION_REQUESTED_BY = "mitigationRequestedBy";
  public static final String LEGAL_REVIEWED_BY = "legalReviewedBy";
  /** Who started a drill. */
  public static final String DRILL_STARTED_BY = "drillStartedBy";

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
