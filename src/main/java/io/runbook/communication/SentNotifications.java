package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Which messages went out for an incident, and where each stands: one source, the
 * {@link NotificationOutbox}, with the state of the {@code incident-notification} process for a
 * message that was handed over to one (retrying, failed, delivered by hand). Read by the drill
 * report and {@code GET /api/incidents/{id}/notifications}.
 */
@Service
public class SentNotifications {

  static final int MAX_ROWS = 500;

  /**
   * One message. {@code id}: the reference the escalation log uses; {@code status}: delivered,
   * pending, delivered by hand, failed: (the error), not delivered; {@code processInstanceId}: the
   * process that retries it, or null; {@code sentBy}: the node that delivered it (null until delivered).
   */
  public record Sent(
      String id,
      String role,
      String channel,
      List<String> to,
      String subject,
      Instant requestedAt,
      Instant deliveredAt,
      String status,
      String processInstanceId,
      String sentBy) {}

  private final NotificationOutbox outbox;
  private final ObjectProvider<HistoryService> history;

  public SentNotifications(NotificationOutbox outbox, ObjectProvider<HistoryService> history) {
    this.outbox = outbox;
    this.history = history;
  }

  /** The incident's messages in the order they were asked for. */
  public List<Sent> forIncident(String incidentId) {
    return outbox.forIncident(incidentId, MAX_ROWS).stream().map(this::sent).toList();
  }

  private Sent sent(NotificationOutbox.Row row) {
    String status = row.deliveredAt() != null ? "delivered" : "pending";
    if (row.deliveredAt() == null && row.processInstanceId() != null) {
      HistoricProcessInstance retried = history.getObject().createHistoricProcessInstanceQuery()
          .processInstanceId(row.processInstanceId()).singleResult();
      if (retried != null) {
        status = status(retried, variables(retried.getId()));
      }
    }
    return new Sent(row.reference(), row.role(), row.channel().id(), row.recipients(), row.subject(), row.requestedAt(),
        row.deliveredAt(), status, row.processInstanceId(), row.deliveredAt() == null ? null : row.claimedBy());
  }

  private static String status(HistoricProcessInstance process, Map<String, Object> v) {
    if (v.get(ProcessVariables.NOTIFICATION_DELIVERED_AT) != null) {
      return "delivered";
    }
    if (Boolean.TRUE.equals(v.get("deliveredByHand"))) {
      return "delivered by hand";
    }
    if (v.get(ProcessVariables.NOTIFICATION_ERROR) != null) {
      return "failed: " + v.get(ProcessVariables.NOTIFICATION_ERROR);
    }
    return process.getEndTime() == null ? "pending" : "not delivered";
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance variable : history.getObject().createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).disableCustomObjectDeserialization().listPage(0, MAX_ROWS)) {
      if (variable.getValue() != null && !values.containsKey(variable.getName())) {
        values.put(variable.getName(), variable.getValue());
      }
    }
    return values;
  }
}
