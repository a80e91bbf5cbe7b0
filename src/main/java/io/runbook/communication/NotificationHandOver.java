package io.runbook.communication;

import io.runbook.process.IncidentNotification;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an outbox row the dispatcher could not send into an {@code incident-notification} process,
 * whose job retries it (and ends as a Camunda incident and a task when it cannot), in one
 * transaction with linking the row, so a row is handed over once.
 */
@Component
public class NotificationHandOver {

  private final NotificationOutbox outbox;
  private final ObjectProvider<RuntimeService> runtime;
  private final TransactionTemplate transaction;

  public NotificationHandOver(NotificationOutbox outbox, ObjectProvider<RuntimeService> runtime,
      PlatformTransactionManager transactions) {
    this.outbox = outbox;
    this.runtime = runtime;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** False when the row was delivered or handed over already. */
  boolean toProcess(long id) {
    return Boolean.TRUE.equals(transaction.execute(status -> {
      NotificationOutbox.Row row = outbox.find(id);
      Instant now = ClockUtil.getCurrentTime().toInstant();
      if (row == null || row.deliveredAt() != null || row.processInstanceId() != null
          || !NotificationOutbox.mayTake(row, outbox.node(), now)) {
        return false;
      }
      VariableMap variables = Notifications.variables(row.incidentId(), row.role(), row.channel(), row.recipients(),
          row.subject(), row.body(), row.drill(), row.incidentCommander());
      variables.putValue(ProcessVariables.NOTIFICATION_ID, id);
      ProcessInstance process = runtime.getObject()
          .startProcessInstanceByKey(IncidentNotification.PROCESS_KEY, row.incidentId(), variables);
      if (!outbox.handOver(id, process.getId(), now)) {
        status.setRollbackOnly();
        return false;
      }
      return true;
    }));
  }
}
