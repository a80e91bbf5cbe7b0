package io.runbook.communication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * What the chat servers receive, checked at a real HTTP server on loopback against the payloads
 * Microsoft and Slack document: a Teams incoming webhook (Adaptive Card in a message, or the legacy
 * MessageCard), and Slack's {@code conversations.create} (Bearer token, JSON name).
 */
@Tag("unit")
class ChatPayloadTest {

  static final String SUBJECT = "\uD83D\uDEA8 INC-2026-0042 SEV-1 Checkout is failing: triaged as SEV-1";
  static final String BODY = "You are on the stakeholder list for SEV-1 incidents.\n\n\uD83D\uDEA8 INCIDENT: Checkout is failing\nSeverity: SEV-1\n";

  final ObjectMapper json = new ObjectMapper();
  LocalChatWebhook server;

  @BeforeEach
  void start() {
    server = new LocalChatWebhook(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private NotifyProperties notify(URI teams, NotifyProperties.TeamsFormat format) {
    return new NotifyProperties("runbook@localhost", null, teams, format, "PT10S", Duration.ofSeconds(5), null,
        new NotifyProperties.Dispatch(true, Duration.ofSeconds(30), 4));
  }

  private TeamsWebhookChannel teams(NotifyProperties.TeamsFormat format) {
    return new TeamsWebhookChannel(notify(URI.create(server.url() + "/teams"), format), RestClient.builder());
  }

  private SlackChannels slack(String token) {
    return new SlackChannels(new ChatProperties(new ChatProperties.Slack(token, URI.create(server.url() + "/api/"))),
        notify(null, NotifyProperties.TeamsFormat.ADAPTIVE_CARD), RestClient.builder());
  }

  @Test
  void teamsGetsAnAdaptiveCardInAMessageAsMicrosoftDocumentsIt() throws Exception {
    server.answer(202);

    teams(NotifyProperties.TeamsFormat.ADAPTIVE_CARD).send(List.of("@alawein"), SUBJECT, BODY);

    LocalChatWebhook.Received post = server.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/teams");
    assertThat(post.contentType()).startsWith("application/json");
    JsonNode message = json.readTree(post.body());
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("attachments")).hasSize(1);
    JsonNode attachment = message.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.has("contentUrl")).isTrue();
    assertThat(attachment.get("contentUrl").isNull()).isTrue();
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    assertThat(card.get("version").asText()).isEqualTo("1.2");
    assertThat(card.get("body")).allSatisfy(block -> {
      assertThat(block.get("type").asText()).isEqualTo("TextBlock");
      assertThat(block.get("wrap").asBoolean()).isTrue();
    });
    assertThat(card.get("body")).extracting(block -> block.get("text").asText())
        .containsExactly(SUBJECT, "For @alawein", "You are on the stakeholder list for SEV-1 incidents.",
            "\uD83D\uDEA8 INCIDENT: Checkout is failing", "Severity: SEV-1");
    assertThat(card.get("body").get(0).get("weight").asText()).isEqualTo("Bolder");
  }

  @Test
  void teamsConnectorsCanGetTheLegacyMessageCard() throws Exception {
    teams(NotifyProperties.TeamsFormat.MESSAGE_CARD).send(List.of(), SUBJECT, BODY);

    JsonNode card = json.readTree(server.received().get(0).body());
    assertThat(card.get("@type").asText()).isEqualTo("MessageCard");
    assertThat(card.get("@context").asText()).isEqualTo("https://schema.org/extensions");
    assertThat(card.get("summary").asText()).isEqualTo(SUBJECT);
    assertThat(card.get("title").asText()).isEqualTo(SUBJECT);
    assertThat(card.get("text").asText()).isEqualTo(
        "You are on the stakeholder list for SEV-1 incidents.\n\n\uD83D\uDEA8 INCIDENT: Checkout is failing\n\nSeverity: SEV-1");
  }

  @Test
  void aTeamsOutageFailsTheDeliverySoTheOutboxRetriesIt() {
    server.answer(503);

    assertThatThrownBy(() -> teams(NotifyProperties.TeamsFormat.ADAPTIVE_CARD).send(List.of(), SUBJECT, BODY))
        .hasMessageContaining("503");
  }

  @Test
  void withABotTokenTheChannelIsCreatedThroughConversationsCreate() throws Exception {
    server.answer(200, "{\"ok\": true, \"channel\": {\"id\": \"C0EAQDV4Z\", \"name\": \"incident-inc-2026-0042\"}}");

    SlackChannels.Outcome outcome = slack("xoxb-test-token").open("INC-2026-0042", false);

    LocalChatWebhook.Received call = server.received().get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/conversations.create");
    assertThat(call.authorization()).isEqualTo("Bearer xoxb-test-token");
    assertThat(call.contentType()).startsWith("application/json").containsIgnoringCase("charset=utf-8");
    JsonNode request = json.readTree(call.body());
    assertThat(request.get("name").asText()).isEqualTo("incident-inc-2026-0042");
    assertThat(request.has("token")).as("the token travels in the header only").isFalse();
    assertThat(outcome.created()).isTrue();
    assertThat(outcome.link()).isEqualTo("https://slack.com/app_redirect?channel=C0EAQDV4Z");
    assertThat(outcome.note()).contains("Runbook created #incident-inc-2026-0042 in Slack");
  }

  @Test
  void aRefusalOrAnOutageSaysToCreateTheChannelByHand() {
    server.answer(200, "{\"ok\": false, \"error\": \"name_taken\"}");
    SlackChannels.Outcome taken = slack("xoxb-test-token").open("INC-2026-0042", false);
    assertThat(taken.created()).isFalse();
    assertThat(taken.note()).isEqualTo(
        "Slack refused to create #incident-inc-2026-0042 (name_taken): create it by hand and paste its link below.");

    server.close();
    SlackChannels.Outcome down = slack("xoxb-test-token").open("INC-2026-0043", false);
    assertThat(down.created()).isFalse();
    assertThat(down.note()).startsWith("Slack could not be reached to create #incident-inc-2026-0043")
        .endsWith("create it by hand and paste its link below.");
  }

  @Test
  void withoutATokenNothingIsCalledAndTheNoteSaysSoPlainly() {
    SlackChannels.Outcome outcome = slack(" ").open("INC-2026-0042", false);

    assertThat(server.received()).isEmpty();
    assertThat(outcome.created()).isFalse();
    assertThat(outcome.note()).contains("no Slack bot token", "create #incident-inc-2026-0042 by hand");
  }
}
