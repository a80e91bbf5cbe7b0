package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * Tells people about an incident, once per message and channel. The caller's transaction only
 * records the request, so a broken channel never blocks the incident: every message is a row of the
 * {@link NotificationOutbox}, sent by the {@link NotificationDispatcher} right after that transaction
 * commits. A message it cannot send (channel down, a role nobody can reach) is handed over to an
 * {@code incident-notification} process (business key = incident id), whose sending job is retried
 * with back-off and, when the retries are exhausted, becomes a Camunda incident and a task for the
 * Incident Commander to deliver it by hand. {@link SentNotifications} tells which messages went out.
 */
@Service
public class Notifications {

  /** One message handed to one channel. {@code id}: the outbox row's {@link NotificationOutbox.Row#reference() reference}. */
  public record Dispatched(Channel channel, String id, List<String> to) {}

  private final EmailChannel email;
  private final ChatWebhookChannel chat;
  private final TeamsWebhookChannel teams;
  private final NotificationOutbox outbox;
  private final NotificationDispatcher dispatcher;
  private final IncidentMessages messages;

  public Notifications(EmailChannel email, ChatWebhookChannel chat, TeamsWebhookChannel teams, NotificationOutbox outbox,
      NotificationDispatcher dispatcher, IncidentMessages messages) {
    this.teams = teams;
    this.email = email;
    this.chat = chat;
    this.outbox = outbox;
    this.dispatcher = dispatcher;
    this.messages = messages;
  }

  /**
   * Sends a message about the incident running in {@code incident} to {@code recipient}.
   *
   * @param headline short reason, shown in the subject
   * @param reason the sentence on top of the message
   */
  public List<Dispatched> send(DelegateExecution incident, Recipient recipient, String headline, String reason) {
    InitialNotification snapshot = InitialNotification.of(incident);
    return toEveryChannel(snapshot, recipient, messages.aboutIncident(snapshot, headline, reason));
  }

  /**
   * Sends a message by e-mail only, when e-mail is configured and the recipient has an address, else
   * nothing: a courtesy (the reporter's receipt with the incident id) must neither go to the chat
   * channel nor end as a task for the Incident Commander when nobody can be reached.
   */
  public Optional<Dispatched> sendByEmail(DelegateExecution incident, Recipient recipient, String headline, String reason) {
    if (!email.configured() || recipient.emails().isEmpty()) {
      return Optional.empty();
    }
    InitialNotification snapshot = InitialNotification.of(incident);
    NotificationMessage message = messages.aboutIncident(snapshot, headline, reason);
    return Optional.of(send(snapshot, recipient, message, Channel.EMAIL, recipient.emails()));
  }

  /**
   * Sends a message written from its own template (closure notice, post-mortem published) to
   * {@code recipient}: by e-mail when it has addresses, and to chat when chat is configured, like
   * {@link #send(DelegateExecution, Recipient, String, String)}.
   */
  public List<Dispatched> send(DelegateExecution incident, Recipient recipient, NotificationMessage message) {
    return toEveryChannel(InitialNotification.of(incident), recipient, message);
  }

  /** E-mail when the recipient has addresses, and every configured chat; one "nobody reachable" row when none applies. */
  private List<Dispatched> toEveryChannel(InitialNotification snapshot, Recipient recipient, NotificationMessage message) {
    List<Dispatched> dispatched = new ArrayList<>();
    if (email.configured() && !recipient.emails().isEmpty()) {
      dispatched.add(send(snapshot, recipient, message, Channel.EMAIL, recipient.emails()));
    }
    if (chat.configured()) {
      dispatched.add(send(snapshot, recipient, message, Channel.CHAT, recipient.chatHandles()));
    }
    if (teams.configured()) {
      dispatched.add(send(snapshot, recipient, message, Channel.TEAMS, recipient.chatHandles()));
    }
    if (dispatched.isEmpty()) {
      // Nobody can be reached: the delivery fails visibly (incident + task) instead of silently.
      dispatched.add(send(snapshot, recipient, message, Channel.NONE, List.of()));
    }
    return dispatched;
  }

  /**
   * Sends a message meant for one person on one channel: by e-mail when e-mail is configured and the
   * person has an address, else to chat mentioning their handles, else (nobody can reach them) as a
   * delivery that fails visibly and becomes a task for the Incident Commander. One message, not one
   * per channel: the team's chat should not repeat every personal notice.
   */
  public Dispatched sendToPerson(DelegateExecution incident, Recipient recipient, String headline, String reason) {
    InitialNotification snapshot = InitialNotification.of(incident);
    NotificationMessage message = messages.aboutIncident(snapshot, headline, reason);
    if (email.configured() && !recipient.emails().isEmpty()) {
      return send(snapshot, recipient, message, Channel.EMAIL, recipient.emails());
    }
    if (chat.configured()) {
      return send(snapshot, recipient, message, Channel.CHAT, recipient.chatHandles());
    }
    if (teams.configured()) {
      return send(snapshot, recipient, message, Channel.TEAMS, recipient.chatHandles());
    }
    return send(snapshot, recipient, message, Channel.NONE, List.of());
  }

  private Dispatched send(
      InitialNotification snapshot,
      Recipient recipient,
      NotificationMessage message,
      Channel channel,
      List<String> to) {
    Instant requestedAt = ClockUtil.getCurrentTime().toInstant();
    long id = outbox.insert(snapshot.incidentId(), recipient.role(), channel, to, message.subject(), message.body(),
        snapshot.drill(), snapshot.incidentCommander(), requestedAt);
    dispatcher.sendAfterCommit(id, channel, to, message.subject(), message.body(), requestedAt);
    return new Dispatched(channel, NotificationOutbox.Row.reference(id), to);
  }

  /** What the delivery job, Tasklist (by hand) and the drill report read; the reason is the body's first line. */
  static VariableMap variables(String incidentId, String role, Channel channel, List<String> to, String subject,
      String body, boolean drill, String incidentCommander) {
    VariableMap variables = Variables.createVariables()
        .putValue(ProcessVariables.INCIDENT_ID, incidentId)
        .putValue(ProcessVariables.NOTIFICATION_ROLE, role)
        .putValue(ProcessVariables.NOTIFICATION_CHANNEL, channel.id())
        .putValue(ProcessVariables.NOTIFICATION_RECIPIENTS, String.join(", ", to))
        .putValue(ProcessVariables.NOTIFICATION_SUBJECT, subject)
        .putValue(ProcessVariables.NOTIFICATION_BODY, body);
    if (drill) {
      variables.putValue(ProcessVariables.DRILL, true);
    }
    if (incidentCommander != null) {
      // Who gets "Deliver notification by hand" if it comes to that.
      variables.putValue(ProcessVariables.INCIDENT_COMMANDER, incidentCommander);
    }
    return variables;
  }
}
