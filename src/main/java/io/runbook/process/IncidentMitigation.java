package io.runbook.process;

/**
 * The mitigation process ({@code processes/incident-mitigation.bpmn}), called by the incident
 * process: its key, messages, the BPMN error of failed actions and its element ids.
 */
public final class IncidentMitigation {

  private IncidentMitigation() {}

  public static final String PROCESS_KEY = "incident-mitigation";
  /**
   * Sent by detection (business key = incident id, {@code correlateAll}) for every duplicate trigger
   * of an open incident; during mitigation's monitoring window it reopens mitigation.
   */
  public static final String MESSAGE_ALERT_RETRIGGERED = "AlertRetriggered";
  /** BPMN error thrown by an automated action whose last attempt failed. */
  public static final String ERROR_ACTION_FAILED = "ACTION_FAILED";
  /** Type of the Camunda incident raised while a person reviews a failed action. */
  public static final String INCIDENT_TYPE_ACTION_FAILED = "actionFailed";

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
}
