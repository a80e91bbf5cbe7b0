package io.runbook.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One event of an incident's timeline. {@code time} to the millisecond (also as {@code epochMillis});
 * {@code type} one of the {@code TimelineEvent.*} names below; {@code actor} the user id who did it,
 * the alert source for alerts, null for the engine; {@code phase} one of {@link IncidentPhases#PHASES};
 * {@code activityId}, {@code processInstanceId} and {@code processDefinitionId} name the BPMN element
 * it concerns (null for events of no element, such as alerts), so a diagram can mark it.
 */
public record TimelineEvent(
    Instant time,
    long epochMillis,
    String type,
    String actor,
    String phase,
    String summary,
    Map<String, Object> details,
    String activityId,
    String processInstanceId,
    String processDefinitionId,
    String processDefinitionKey) {

  public static final String ALERT_RECEIVED = "alert.received";
  public static final String ALERT_DEDUPLICATED = "alert.deduplicated";
  public static final String ALERT_RESOLVED = "alert.resolved";
  public static final String ALERT_ACKNOWLEDGED = "alert.acknowledged";
  public static final String INCIDENT_REPORTED = "incident.reported";
  public static final String INCIDENT_OPENED = "incident.opened";
  public static final String INCIDENT_ACKNOWLEDGED = "incident.acknowledged";
  public static final String INCIDENT_ENDED = "incident.ended";
  public static final String PHASE_ENTERED = "phase.entered";
  public static final String PHASE_LEFT = "phase.left";
  public static final String PROCESS_CALLED = "process.called";
  public static final String PROCESS_ENDED = "process.ended";
  public static final String ACTIVITY_COMPLETED = "activity.completed";
  public static final String ACTIVITY_CANCELLED = "activity.cancelled";
  public static final String EVENT_REACHED = "event.reached";
  public static final String TIMER_FIRED = "timer.fired";
  public static final String MESSAGE_RECEIVED = "message.received";
  public static final String ERROR_CAUGHT = "error.caught";
  public static final String TASK_CREATED = "task.created";
  public static final String TASK_CLAIMED = "task.claimed";
  public static final String TASK_ASSIGNED = "task.assigned";
  public static final String TASK_UNCLAIMED = "task.unclaimed";
  public static final String TASK_COMPLETED = "task.completed";
  public static final String TASK_CANCELLED = "task.cancelled";
  public static final String COMMENT_ADDED = "comment.added";
  /** A note of the incident log (the Scribe's or Incident Commander's), with its author and text. */
  public static final String LOG_NOTE = "log.note";
  public static final String SEVERITY_CHANGED = "severity.changed";
  public static final String ROLE_CHANGED = "role.changed";
  public static final String ROLLBACK_APPROVED = "rollback.approved";
  public static final String ROLLBACK_REJECTED = "rollback.rejected";
  public static final String SCRIPT_RUN = "script.run";
  public static final String ESCALATION = "escalation";
  public static final String NOTIFICATION_REQUESTED = "notification.requested";
  public static final String NOTIFICATION_DELIVERED = "notification.delivered";
  public static final String NOTIFICATION_RETRIED = "notification.retried";
  public static final String FAILURE_OPENED = "failure.opened";
  public static final String FAILURE_RESOLVED = "failure.resolved";
  public static final String OPERATION = "operation";
}
