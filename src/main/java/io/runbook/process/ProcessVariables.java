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
  /**
   * Status updates (the cadence, local to {@code StatusUpdatesEventSubProcess}): the form's fields of
   * "Post status update", prefilled with the state proposed from the phase and the last posted text.
   */
  public static final String STATUS_PAGE_STATUS = "statusPageStatus";
  public static final String STATUS_ISSUE = "statusIssue";
  public static final String STATUS_IMPACT = "statusImpact";
  /** Minutes until the next update the posted update promises ("Next update in X minutes"). */
  public static final String STATUS_NEXT_UPDATE_MINUTES = "statusNextUpdateMinutes";
  /** Read-only on the form: the update as it would be posted with the proposed state. */
  public static final String STATUS_UPDATE_DRAFT = "statusUpdateDraft";
  /** When the open (or next) "Post status update" is due: the time the last update promised. */
  public static final String STATUS_UPDATE_DUE = "statusUpdateDue";
  /** When a "Post status update" not completed is escalated to the Incident Commander: due + grace. */
  public static final String STATUS_UPDATE_ESCALATE_AT = "statusUpdateEscalateAt";
  /** True once the open "Post status update" was escalated to the Incident Commander (shown on the task). */
  public static final String STATUS_UPDATE_MISSED = "statusUpdateMissed";
  /** Local to one start of the status updates: true when it starts the cadence, false for a repeated throw. */
  public static final String STATUS_UPDATES_START = "statusUpdatesStart";
  /** Process level: true while the status update cadence runs (a repeated throw then starts nothing). */
  public static final String STATUS_UPDATES_RUNNING = "statusUpdatesRunning";
  public static final String SERVICE_RESTORED = "serviceRestored";
  public static final String ROOT_CAUSE = "rootCause";
  /** "Confirm root cause" (resolution): the root cause as confirmed, which supersedes investigation's. */
  public static final String CONFIRMED_ROOT_CAUSE = "confirmedRootCause";
  public static final String CLOSED_AT = "closedAt";
  public static final String TIMELINE = "timeline";
  public static final String POST_MORTEM_REPORT = "postMortemReport";
  /** When the post-mortem's author is reminded (runbook.post-mortem.remind-after after resolution). */
  public static final String POST_MORTEM_REMINDER_AT = "postMortemReminderAt";

  // Post-mortem action items (action-item.bpmn), one process per item.
  /** The action, as the post-mortem writes it. */
  public static final String ACTION_ITEM = "actionItem";
  /** User id of the owner: the task's assignee. */
  public static final String ACTION_ITEM_OWNER = "actionItemOwner";
  /** The due date (end of the due day, UTC): the task's due date. */
  public static final String ACTION_ITEM_DUE = "actionItemDue";
  /** ISO 8601 repeating interval of the overdue reminders: {@code R/<due>/<interval>}. */
  public static final String ACTION_ITEM_REMINDERS = "actionItemReminders";
  /** The owner's "what was done" when completing the item. */
  public static final String ACTION_ITEM_OUTCOME = "actionItemOutcome";

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
   * The highest severity the incident has had, set once re-triage changes the severity: the
   * stakeholders of that severity keep hearing of the incident (status updates, closure, post-mortem)
   * after a lowering.
   */
  public static final String PEAK_SEVERITY = "peakSeverity";
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

  // Security and Legal at any time, the legal deadline and the closing gate (issue 16, contract C2/C4).
  /** When Security was first brought in: a second security-review-required starts nothing. */
  public static final String SECURITY_REVIEW_REQUESTED_AT = "securityReviewRequestedAt";
  /** When a data breach was first suspected (report, triage or later): the legal deadline counts from here. */
  public static final String BREACH_SUSPECTED_AT = "breachSuspectedAt";
  /** The regulatory deadline of Legal's review (default 72 h after breachSuspectedAt); set once Legal is brought in. */
  public static final String LEGAL_REVIEW_DUE = "legalReviewDue";
  public static final String LEGAL_FIRST_REMINDER_AT = "legalFirstReminderAt";
  public static final String LEGAL_SECOND_REMINDER_AT = "legalSecondReminderAt";
  public static final String LEGAL_CTO_ESCALATION_AT = "legalCtoEscalationAt";
  /**
   * When Legal's review ended (breach ruled out, or Legal signed off): the only thing of Legal's
   * review the incident learns; closing waits for it.
   */
  public static final String LEGAL_SIGN_OFF_AT = "legalSignOffAt";
  /** Legal's review (legal-review process only): when and to whom the supervisory authority was notified. */
  public static final String AUTHORITY_NOTIFIED_AT = "authorityNotifiedAt";
  /** Legal's sign-off task (legal-review process only): the incident may be closed. */
  public static final String CLOSING_SIGNED_OFF = "closingSignedOff";

  // The scribe's incident log (issue 16).
  /** One note of the incident log; each completion of "Incident log" writes it again (history keeps every one). */
  public static final String LOG_NOTE = "logNote";
  /** Local to the open "Incident log" task: the Scribe and Incident Commander it was offered to. */
  public static final String INCIDENT_LOG_TEAM = "incidentLogTeam";

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
    /** The node whose job ran it (several nodes on one database). */
    public static final String NODE = "Node";
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
