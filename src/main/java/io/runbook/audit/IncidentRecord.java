package io.runbook.audit;

import io.runbook.communication.SentNotifications;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.Comment;

/**
 * Everything recorded about one incident, read once by {@link IncidentRecords}: the engine's history
 * of its process and every process it called, and Runbook's own rows. The timeline, the replay and
 * the export are computed from it. {@code confidential} names the review process instances whose
 * content the reader may not see (Security's and Legal's reviews are need-to-know).
 */
public record IncidentRecord(
    String incidentId,
    Registry registry,
    HistoricProcessInstance root,
    List<HistoricProcessInstance> processes,
    List<HistoricActivityInstance> activities,
    List<HistoricTaskInstance> tasks,
    List<VariableUpdate> variableUpdates,
    List<UserOperationLogEntry> operations,
    List<HistoricIncident> failures,
    List<Comment> comments,
    List<IdentityLinkChange> identityLinks,
    List<Alert> alerts,
    List<Escalation> escalations,
    List<SentNotifications.Sent> notifications,
    Map<String, Instant> notificationProcessStarts,
    Set<String> confidential,
    Map<String, String> phases) {

  /** The incident's row of {@code rb_incident_registry} (null when it has none). */
  public record Registry(String state, String severity, String source, String title, Instant createdAt,
      Instant closedAt, String openedBy) {}

  /**
   * A variable update of {@code ACT_HI_DETAIL}, read by SQL (the engine's query maps 25 columns and a
   * typed value per row; a long incident has thousands). {@code value}: strings, numbers, booleans and
   * dates ({@link Instant}) as they are; files, bytes and objects as {@code [file]}, {@code [bytes]},
   * {@code [object]}.
   */
  public record VariableUpdate(String id, String name, String processInstanceId, String executionId,
      String activityInstanceId, Instant time, int sequence, String typeName, Object value, String userOperationId) {
    public java.util.Date date() {
      return java.util.Date.from(time);
    }
  }

  /** A row of {@code ACT_HI_IDENTITYLINK}: who was made assignee or candidate of a task, when and by whom. */
  public record IdentityLinkChange(Instant time, String type, String userId, String groupId, String taskId,
      String assignerId, String operationType) {}

  /** A row of {@code rb_alert}. */
  public record Alert(long id, String eventType, String status, String ingestSource, String format,
      String fingerprint, String summary, String severityHint, Instant receivedAt, Instant lastReceivedAt,
      Instant resolvedAt, String acceptedBy) {}

  /** A row of {@code rb_escalation_event}. */
  public record Escalation(long id, Instant occurredAt, String kind, String sla, Integer level, String role,
      String severity, Instant dueAt, String recipients, String note, String processInstanceId, String node) {}

  public boolean isConfidential(String processInstanceId) {
    return processInstanceId != null && confidential.contains(processInstanceId);
  }
}
