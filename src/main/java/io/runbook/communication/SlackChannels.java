package io.runbook.communication;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Creates the incident's dedicated channel {@code #incident-<id>} through Slack's Web API
 * ({@code POST conversations.create} with the bot token as Bearer, JSON {@code {"name": ...}}) when
 * {@code runbook.chat.slack.bot-token} is set. Without a token, or when Slack refuses or cannot be
 * reached, the answer says in words that the channel is to be created by hand; it never fails the
 * incident.
 */
@Service
public class SlackChannels {

  private static final Logger LOG = LoggerFactory.getLogger(SlackChannels.class);

  /**
   * @param link where the channel is (created: Slack's link to it; else null)
   * @param note the sentence the assembly form shows
   */
  public record Outcome(String name, String link, String note) {

    public boolean created() {
      return link != null;
    }
  }

  private final ChatProperties.Slack slack;
  private final RestClient http;

  public SlackChannels(ChatProperties properties, NotifyProperties notify, RestClient.Builder builder) {
    this.slack = properties.slack();
    this.http = WebhookClients.withTimeout(builder, notify.webhookTimeout());
  }

  /** Slack's rules: lowercase letters, digits, hyphens and underscores, at most 80 characters. */
  public static String channelName(String incidentId) {
    String name = ("incident-" + incidentId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    return name.length() > 80 ? name.substring(0, 80) : name;
  }

  /** Creates {@code #incident-<id>}, or says why not and that it is to be created by hand. */
  public Outcome open(String incidentId, boolean drill) {
    String name = channelName(incidentId);
    if (drill) {
      return new Outcome(name, null, "Drill: no channel is created. Practise in your usual chat tool, or create #"
          + name + " by hand and paste its link below.");
    }
    if (!slack.configured()) {
      return new Outcome(name, null, "Runbook does not create chat channels here (no Slack bot token,"
          + " runbook.chat.slack.bot-token): create #" + name + " by hand in your chat tool and paste its link below.");
    }
    try {
      JsonNode answer = http.post()
          .uri(URI.create(slack.apiUrl().toString().replaceAll("/+$", "") + "/conversations.create"))
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + slack.botToken())
          .contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
          .body(Map.of("name", name))
          .retrieve()
          .body(JsonNode.class);
      if (answer != null && answer.path("ok").asBoolean(false) && answer.path("channel").hasNonNull("id")) {
        String id = answer.path("channel").path("id").asText();
        String link = "https://slack.com/app_redirect?channel=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        return new Outcome(name, link, "Runbook created #" + name + " in Slack: " + link);
      }
      String error = answer == null ? "no answer" : answer.path("error").asText("unknown error");
      return byHand(name, "Slack refused to create #" + name + " (" + error + ")");
    } catch (RuntimeException unreachable) {
      LOG.warn("Could not create Slack channel #{}: {}", name, unreachable.toString());
      return byHand(name, "Slack could not be reached to create #" + name + " (" + unreachable.getClass().getSimpleName() + ")");
    }
  }

  private static Outcome byHand(String name, String why) {
    return new Outcome(name, null, why + ": create it by hand and paste its link below.");
  }
}
