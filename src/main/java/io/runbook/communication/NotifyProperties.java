package io.runbook.communication;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How people are told ({@code runbook.notify.*}). E-mail goes through Spring's mail support
 * ({@code spring.mail.*}); chat messages go to a Slack-compatible incoming webhook when one is set.
 *
 * @param from sender address of notification e-mails
 * @param chatWebhookUrl Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat) that receives
 *     {@code {"text": ...}}; none: no such chat messages
 * @param teamsWebhookUrl Microsoft Teams incoming webhook (Workflows or connector); none: no Teams messages
 * @param teamsFormat the card the Teams webhook receives: adaptive-card (default) or message-card
 * @param retryIntervals waits between delivery attempts (ISO-8601, comma-separated); one attempt
 *     more than intervals, then the notification becomes a Camunda incident and a task
 * @param webhookTimeout connect and read timeout of the webhook call
 * @param tasklistUrl link to Tasklist put under every message; none: no link
 * @param dispatch sending right after the request is committed, many recorded in one transaction
 */
@Validated
@ConfigurationProperties(prefix = "runbook.notify")
public record NotifyProperties(
    @DefaultValue("runbook@localhost") @NotBlank String from,
    URI chatWebhookUrl,
    URI teamsWebhookUrl,
    @DefaultValue("adaptive-card") @NotNull TeamsFormat teamsFormat,
    @DefaultValue("PT10S,PT1M,PT5M") @NotBlank String retryIntervals,
    @DefaultValue("PT10S") @NotNull Duration webhookTimeout,
    URI tasklistUrl,
    @DefaultValue @NotNull @Valid Dispatch dispatch) {

  /** What a Microsoft Teams webhook receives. */
  public enum TeamsFormat {
    /** {@code {"type": "message", "attachments": [Adaptive Card]}}: Workflows webhooks and newer connectors. */
    ADAPTIVE_CARD,
    /** {@code {"@type": "MessageCard", ...}}: the legacy Office 365 connector card. */
    MESSAGE_CARD
  }

  /**
   * The notification dispatcher ({@code runbook.notify.dispatch.*}).
   *
   * @param enabled the sender and sweep threads run. Every message is a row of the outbox either way;
   *     false is for process tests only, which send an incident's rows themselves (through the same
   *     code) so no thread acts behind their back: with false in production nothing is sent
   * @param grace a message nobody tried for this long (queue full, application stopped) is handed
   *     to its process by the sweep, which runs every half of it
   * @param threads messages sent at the same time (each SMTP or webhook call waits on the network)
   */
  public record Dispatch(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("PT30S") @NotNull Duration grace,
      @DefaultValue("4") @Min(1) @Max(64) int threads) {

    public Dispatch {
      if (grace != null && grace.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("runbook.notify.dispatch.grace must be at least PT1S, got " + grace);
      }
    }
  }

  public NotifyProperties {
    if (retryIntervals != null) {
      for (String interval : retryIntervals.split(",")) {
        try {
          Duration parsed = Duration.parse(interval.trim());
          if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException(
                "runbook.notify.retry-intervals: '" + interval.trim() + "' must be positive");
          }
        } catch (DateTimeParseException notIso) {
          throw new IllegalArgumentException(
              "runbook.notify.retry-intervals: '" + interval.trim() + "' is not an ISO-8601 duration such as PT10S");
        }
      }
      retryIntervals = retryIntervals.replace(" ", "");
    }
    if (chatWebhookUrl != null && !"http".equals(chatWebhookUrl.getScheme()) && !"https".equals(chatWebhookUrl.getScheme())) {
      throw new IllegalArgumentException("runbook.notify.chat-webhook-url must be an http(s) URL, got " + chatWebhookUrl);
    }
    if (teamsWebhookUrl != null && !"http".equals(teamsWebhookUrl.getScheme()) && !"https".equals(teamsWebhookUrl.getScheme())) {
      throw new IllegalArgumentException("runbook.notify.teams-webhook-url must be an http(s) URL, got " + teamsWebhookUrl);
    }
    if (webhookTimeout != null && (webhookTimeout.isNegative() || webhookTimeout.isZero())) {
      throw new IllegalArgumentException("runbook.notify.webhook-timeout must be positive, got " + webhookTimeout);
    }
  }
}
