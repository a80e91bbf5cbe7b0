package io.runbook.communication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Chat messages to a Microsoft Teams incoming webhook ({@code runbook.notify.teams-webhook-url}), as
 * Microsoft documents them: by default an Adaptive Card in a {@code message} with one attachment of
 * content type {@code application/vnd.microsoft.card.adaptive} (what Teams Workflows webhooks and
 * "Send Adaptive Cards using an Incoming Webhook" accept); with {@code runbook.notify.teams-format:
 * message-card} the legacy Office 365 connector card ({@code "@type": "MessageCard"}). Any answer
 * other than 2xx fails the delivery (Workflows answer 202, connectors 200).
 */
@Component
public class TeamsWebhookChannel {

  static final String ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

  private final NotifyProperties properties;
  private final RestClient http;

  public TeamsWebhookChannel(NotifyProperties properties, RestClient.Builder builder) {
    this.properties = properties;
    this.http = WebhookClients.withTimeout(builder, properties.webhookTimeout());
  }

  public boolean configured() {
    return properties.teamsWebhookUrl() != null;
  }

  public void send(List<String> mentions, String subject, String body) {
    if (!configured()) {
      throw new IllegalStateException("Microsoft Teams is not configured: set runbook.notify.teams-webhook-url");
    }
    http.post()
        .uri(properties.teamsWebhookUrl())
        .contentType(MediaType.APPLICATION_JSON)
        .body(properties.teamsFormat() == NotifyProperties.TeamsFormat.MESSAGE_CARD
            ? messageCard(mentions, subject, body) : adaptiveCard(mentions, subject, body))
        .retrieve()
        .toBodilessEntity();
  }

  /** {@code {"type": "message", "attachments": [{"contentType": "...adaptive", "contentUrl": null, "content": {AdaptiveCard}}]}}. */
  static Map<String, Object> adaptiveCard(List<String> mentions, String subject, String body) {
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "TextBlock", "text", subject, "weight", "Bolder", "size", "Medium", "wrap", true));
    if (!mentions.isEmpty()) {
      // Teams mentions need Entra ids; the contact's handles are shown as text.
      blocks.add(Map.of("type", "TextBlock", "text", "For " + String.join(" ", mentions), "wrap", true, "isSubtle", true));
    }
    boolean afterBlank = true;
    for (String line : body.split("\\R")) {
      if (line.isBlank()) {
        afterBlank = true;
        continue;
      }
      blocks.add(Map.of("type", "TextBlock", "text", line, "wrap", true, "spacing", afterBlank ? "Medium" : "None"));
      afterBlank = false;
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.2");
    card.put("body", blocks);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", ADAPTIVE_CARD);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  /** The legacy connector card: {@code @type}, {@code @context}, {@code summary}, {@code title}, {@code text}. */
  static Map<String, Object> messageCard(List<String> mentions, String subject, String body) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("@type", "MessageCard");
    card.put("@context", "https://schema.org/extensions");
    card.put("summary", subject);
    card.put("title", subject);
    // The card's text is Markdown: a paragraph per line keeps the runbook's line layout.
    String text = (mentions.isEmpty() ? "" : "For " + String.join(" ", mentions) + "\n\n")
        + String.join("\n\n", body.lines().filter(line -> !line.isBlank()).toList());
    card.put("text", text);
    return card;
  }
}
