package io.runbook.process;

/**
 * Names of the Spring beans the models call in expressions ({@code camunda:delegateExpression="${name}"},
 * {@code ${name.method(...)}}). Each {@code @Component} a model names takes its name from here, so
 * renaming a bean breaks the vocabulary test, not a running incident.
 */
public final class Beans {

  private Beans() {}

  // Incident response.
  public static final String REGISTER_INCIDENT = "registerIncident";
  public static final String APPLY_TRIAGE = "applyTriage";
  /** Not a delegate: what the triage and re-assess forms show read-only (severity table, notification preview). */
  public static final String TRIAGE_FORM = "triageForm";
  /** "Re-assess severity": snapshot on create, who and from what on complete, and its boundary conditions. */
  public static final String REASSESS_SEVERITY = "reassessSeverity";
  public static final String APPLY_RETRIAGE = "applyRetriage";
  public static final String PUBLISH_STATUS_UPDATE = "publishStatusUpdate";
  /** Status updates: starts the cadence once (a repeated escalation starts nothing). */
  public static final String START_STATUS_UPDATES = "startStatusUpdates";
  /** Create listener of "Post status update": proposes the state from the phase and prefills the template. */
  public static final String PREPARE_STATUS_UPDATE = "prepareStatusUpdate";
  /** A "Post status update" not done by its due time plus grace: tells the Incident Commander. */
  public static final String ESCALATE_MISSED_STATUS_UPDATE = "escalateMissedStatusUpdate";
  /** At close: the "Resolved" update, when the incident had a public update and its last one is not Resolved. */
  public static final String PUBLISH_RESOLVED_STATUS_UPDATE = "publishResolvedStatusUpdate";
  public static final String CLOSE_INCIDENT = "closeIncident";
  public static final String PREPARE_POST_MORTEM = "preparePostMortem";
  public static final String PUBLISH_POST_MORTEM = "publishPostMortem";
  /** "Post-Mortem (Within 48 Hours)": reminds the author at 24 h, tells IC and Team Lead at 48 h. */
  public static final String REMIND_POST_MORTEM_AUTHOR = "remindPostMortemAuthor";
  public static final String ESCALATE_LATE_POST_MORTEM = "escalateLatePostMortem";
  /** Action item follow-up (action-item.bpmn): reminds the owner of an overdue action item. */
  public static final String REMIND_ACTION_ITEM_OWNER = "remindActionItemOwner";
  /** Complete listener of "Assemble response team": tells each named person their role. */
  public static final String ANNOUNCE_RESPONSE_TEAM = "announceResponseTeam";
  /** Create listener of "Assemble response team": creates the Slack channel, or says to create it by hand. */
  public static final String OPEN_INCIDENT_CHANNEL = "openIncidentChannel";

  // SLA clocks, escalation and paging.
  public static final String ACKNOWLEDGE_ON_CLAIM = "acknowledgeOnClaim";
  public static final String ESCALATE_UNACKNOWLEDGED = "escalateUnacknowledged";
  public static final String ESCALATE_UNRESOLVED = "escalateUnresolved";
  public static final String NOTIFY_SECURITY = "notifySecurity";
  public static final String NOTIFY_LEGAL = "notifyLegal";
  public static final String PAGE_ON_CALL = "pageOnCall";
  /** Start listener of the security review call: records securityReviewRequestedAt (idempotence). */
  public static final String RECORD_SECURITY_REVIEW_REQUEST = "recordSecurityReviewRequest";
  /** Legal's regulatory deadline: set it, remind Legal, escalate to the CTO, record the sign-off. */
  public static final String START_LEGAL_DEADLINE = "startLegalDeadline";
  public static final String REMIND_LEGAL = "remindLegal";
  public static final String ESCALATE_LEGAL_DEADLINE = "escalateLegalDeadline";
  public static final String RECORD_LEGAL_SIGN_OFF = "recordLegalSignOff";
  /** Create listener of "Close incident: waiting for Legal's sign-off": tells Legal the incident waits. */
  public static final String ASK_LEGAL_FOR_SIGN_OFF = "askLegalForSignOff";
  /** Create listener of "Incident log" (offers it to the Scribe and IC) and its team-changed condition. */
  public static final String INCIDENT_LOG = "incidentLog";
  /** Not a delegate: arms the acknowledgement clock and answers its due date (see security.ProcessBeans). */
  public static final String ACKNOWLEDGEMENT_SLA = "acknowledgementSla";
  /** Not a delegate: arms the resolution clock and answers its due date. */
  public static final String RESOLUTION_SLA = "resolutionSla";

  // Automated actions (investigation and mitigation).
  public static final String GATHER_RECENT_CHANGES = "gatherRecentChanges";
  public static final String ROLL_BACK = "rollBack";
  public static final String CHECK_SERVICE_HEALTH = "checkServiceHealth";
  public static final String APPROVE_ROLLBACK = "approveRollback";
  public static final String ACTION_FAILURE_INCIDENT = "actionFailureIncident";
  /** Not a delegate: durations and retry cycles the automation models read from configuration. */
  public static final String AUTOMATION_SCHEDULE = "automationSchedule";

  // Notifications.
  public static final String SEND_NOTIFICATION = "sendNotification";
  /** Not a delegate: the retry cycle of a notification delivery. */
  public static final String NOTIFICATION_RETRIES = "notificationRetries";

  // Runbook review.
  public static final String SUMMARIZE_LAST_QUARTER = "summarizeLastQuarter";
}
