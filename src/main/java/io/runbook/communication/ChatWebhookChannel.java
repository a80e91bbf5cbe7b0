package io.runbook.communication;

import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Chat messages as a JSON POST {@code {"text": "..."}} to a Slack-compatible incoming webhook
 * ({@code runbook.notify.chat-webhook-url}). Any answer other than 2xx fails the delivery.
 */
@Component
public class ChatWebhookChannel {

  private final NotifyProperties properties;
  private final RestClient http;

  public ChatWebhookChannel(NotifyProperties properties, RestClient.Builder builder) {
    this.properties = properties;
    this.http = WebhookClients.withTimeout(builder, properties.webhookTimeout());
  }

  public boolean configured() {
    return properties.chatWebhookUrl() != null;
  }

  public void send(List<String> mentions, String subject, String body) {
    if (!configured()) {
      throw new IllegalStateException("chat is not configured: set runbook.notify.chat-webhook-url");
    }
    String text = (mentions.isEmpty() ? "" : String.join(" ", mentions) + " ") + "*" + subject + "*\n" + body;
    http.post()
        .uri(properties.chatWebhookUrl())
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("text", text))
        .retrieve()
        .toBodilessEntity();
  }
}
