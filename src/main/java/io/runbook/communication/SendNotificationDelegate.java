package io.runbook.communication;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * "Send notification": delivers one message on one channel. It runs as its own job; an exception
 * fails the job, which the engine retries ({@code runbook.notify.retry-intervals}).
 */
@Component(Beans.SEND_NOTIFICATION)
public class SendNotificationDelegate implements JavaDelegate {

  private final EmailChannel email;
  private final ChatWebhookChannel chat;
  private final TeamsWebhookChannel teams;
  private final NotificationOutbox outbox;

  public SendNotificationDelegate(EmailChannel email, ChatWebhookChannel chat, TeamsWebhookChannel teams,
      NotificationOutbox outbox) {
    this.teams = teams;
    this.email = email;
    this.chat = chat;
    this.outbox = outbox;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Channel channel = Channel.fromId((String) execution.getVariable(ProcessVariables.NOTIFICATION_CHANNEL));
    List<String> to = split((String) execution.getVariable(ProcessVariables.NOTIFICATION_RECIPIENTS));
    String subject = (String) execution.getVariable(ProcessVariables.NOTIFICATION_SUBJECT);
    String body = (String) execution.getVariable(ProcessVariables.NOTIFICATION_BODY);
    switch (channel) {
      case EMAIL -> email.send(to, subject, body);
      case CHAT -> chat.send(to, subject, body);
      case TEAMS -> teams.send(to, subject, body);
      case NONE -> throw new IllegalStateException("No way to reach " + execution.getVariable(ProcessVariables.NOTIFICATION_ROLE)
          + ": give the contact an e-mail address (runbook.contacts), configure e-mail (spring.mail.host)"
          + " or a chat webhook (runbook.notify.chat-webhook-url, runbook.notify.teams-webhook-url)");
    }
    Date now = ClockUtil.getCurrentTime();
    execution.setVariable(ProcessVariables.NOTIFICATION_DELIVERED_AT, now);
    if (execution.getVariable(ProcessVariables.NOTIFICATION_ID) instanceof Number outboxRow) {
      // Handed over by the dispatcher: its outbox row shows the delivery too.
      outbox.deliveredByProcess(outboxRow.longValue(), now.toInstant());
    }
  }

  /** The recipients as stored ("a, b"): in the process variable and in the outbox row. */
  static List<String> split(String recipients) {
    if (recipients == null || recipients.isBlank()) {
      return List.of();
    }
    return Arrays.stream(recipients.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
