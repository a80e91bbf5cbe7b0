package io.runbook.escalation;

import io.runbook.communication.NotificationOutbox;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** Starting incidents, firing SLA timers by hand and reading who was told. */
final class EscalationTestSupport {

  /** A fixed "now" for the engine clock, so due times are exact. */
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final ProcessEngine engine;
  private final NotificationOutbox outbox;

  EscalationTestSupport(ProcessEngine engine, NotificationOutbox outbox) {
    this.engine = engine;
    this.outbox = outbox;
  }

  static Map<String, Object> alert(String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put(ProcessVariables.TITLE, "Checkout is failing");
    v.put(ProcessVariables.SOURCE, "monitoring");
    v.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    v.put(ProcessVariables.DESCRIPTION, "HTTP 503 from checkout");
    return v;
  }

  ProcessInstance raise(String severity) {
    return raise(alert(severity));
  }

  ProcessInstance raise(Map<String, Object> alert) {
    return engine.getRuntimeService().startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, alert);
  }

  /** The pending timer of {@code timerActivityId}, or null. */
  Job timer(ProcessInstance incident, String timerActivityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(incident.getId()).timers()
        .activityId(timerActivityId).singleResult();
  }

  /** Moves the engine clock to the timer's due time and runs it, as the job executor would. */
  void fire(Job timer) {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(timer.getDuedate());
    engine.getManagementService().executeJob(timer.getId());
  }

  static Date at(Duration afterT0) {
    return Date.from(T0.plus(afterT0));
  }

  /** The incident's messages (outbox rows, whether sent yet or not), oldest first. */
  List<Map<String, Object>> notifications(ProcessInstance incident) {
    return outbox.forIncident(incident.getBusinessKey(), 1000).stream()
        .map(row -> {
          Map<String, Object> values = new HashMap<>();
          values.put(ProcessVariables.NOTIFICATION_ROLE, row.role());
          values.put(ProcessVariables.NOTIFICATION_CHANNEL, row.channel().id());
          values.put(ProcessVariables.NOTIFICATION_RECIPIENTS, String.join(", ", row.recipients()));
          values.put(ProcessVariables.NOTIFICATION_SUBJECT, row.subject());
          values.put(ProcessVariables.NOTIFICATION_BODY, row.body());
          values.put("reference", row.reference());
          return values;
        })
        .toList();
  }

  /** "role/channel -> recipients" of every notification of the incident, oldest first. */
  List<String> told(ProcessInstance incident) {
    return notifications(incident).stream()
        .map(n -> n.get(ProcessVariables.NOTIFICATION_ROLE) + "/" + n.get(ProcessVariables.NOTIFICATION_CHANNEL) + " -> " + n.get(ProcessVariables.NOTIFICATION_RECIPIENTS))
        .toList();
  }
}
