package io.runbook.communication;

import io.runbook.incident.IncidentProcess;
import io.runbook.incident.IncidentProcess.Var;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * Tells people about an incident. Each message goes out once per channel as its own
 * {@code incident-notification} process instance (business key = incident id), whose sending step
 * is an asynchronous job: a failing SMTP server or webhook is retried with back-off and, when the
 * retries are exhausted, becomes a Camunda incident and a task for the Incident Commander. The
 * caller's transaction only records the request, so a broken channel never blocks the incident.
 */
@Service
public class Notifications {

  /** One message handed to one channel: the notification process instance that delivers it. */
  public record Dispatched(Channel channel, String processInstanceId, List<String> to) {}

  private final EmailChannel email;
  private final ChatWebhookChannel chat;
  private final NotifyProperties properties;

  public Notifications(EmailChannel email, ChatWebhookChannel chat, NotifyProperties properties) {
    this.email = email;
    this.chat = chat;
    this.properties = properties;
  }

  /**
   * Sends a message about the incident running in {@code incident} to {@code recipient}.
   *
   * @param headline short reason, shown in the subject
   * @param reason the sentence on top of the message
   */
  public List<Dispatched> send(DelegateExecution incident, Recipient recipient, String headline, String reason) {
    NotificationMessage.Incident snapshot = NotificationMessage.Incident.of(incident);
    NotificationMessage message = NotificationMessage.write(snapshot, headline, reason, properties.tasklistUrl());
    List<Dispatched> dispatched = new ArrayList<>();
    if (email.configured() && !recipient.emails().isEmpty()) {
      dispatched.add(start(incident, snapshot, recipient, reason, message, Channel.EMAIL, recipient.emails()));
    }
    if (chat.configured()) {
      dispatched.add(start(incident, snapshot, recipient, reason, message, Channel.CHAT, recipient.chatHandles()));
    }
    if (dispatched.isEmpty()) {
      // Nobody can be reached: the delivery fails visibly (incident + task) instead of silently.
      dispatched.add(start(incident, snapshot, recipient, reason, message, Channel.NONE, List.of()));
    }
    return dispatched;
  }

  private Dispatched start(
      DelegateExecution incident,
      NotificationMessage.Incident snapshot,
      Recipient recipient,
      String reason,
      NotificationMessage message,
      Channel channel,
      List<String> to) {
    VariableMap variables = Variables.createVariables()
        .putValue(Var.INCIDENT_ID, snapshot.incidentId())
        .putValue(Var.TITLE, incident.getVariable(Var.TITLE))
        .putValue(Var.SEVERITY, snapshot.severity())
        .putValue(Var.DRILL, snapshot.drill())
        .putValue(Var.INCIDENT_COMMANDER, snapshot.incidentCommander())
        .putValue(Var.NOTIFICATION_ROLE, recipient.role())
        .putValue(Var.NOTIFICATION_REASON, reason)
        .putValue(Var.NOTIFICATION_CHANNEL, channel.id())
        .putValue(Var.NOTIFICATION_RECIPIENTS, String.join(", ", to))
        .putValue(Var.NOTIFICATION_SUBJECT, message.subject())
        .putValue(Var.NOTIFICATION_BODY, message.body());
    ProcessInstance started = incident.getProcessEngineServices().getRuntimeService()
        .startProcessInstanceByKey(IncidentProcess.NOTIFICATION_PROCESS_KEY, snapshot.incidentId(), variables);
    return new Dispatched(channel, started.getId(), to);
  }
}
