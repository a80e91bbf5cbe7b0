package io.runbook.communication;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The incident's own chat channel ({@code runbook.chat.*}).
 *
 * @param slack Slack's Web API, used to create {@code #incident-<id>} at team assembly
 */
@ConfigurationProperties(prefix = "runbook.chat")
public record ChatProperties(@DefaultValue Slack slack) {

  /**
   * @param botToken a Slack bot token ({@code xoxb-...}) with the {@code channels:manage} scope; set it
   *     from the environment ({@code RUNBOOK_CHAT_SLACK_BOT_TOKEN}), never in a file. None: channels are
   *     created by hand, and the assembly form says so
   * @param apiUrl base URL of Slack's Web API (tests point it at a local server)
   */
  public record Slack(String botToken, @DefaultValue("https://slack.com/api") URI apiUrl) {

    public Slack {
      botToken = botToken == null || botToken.isBlank() ? null : botToken.trim();
      if (apiUrl != null && !"http".equals(apiUrl.getScheme()) && !"https".equals(apiUrl.getScheme())) {
        throw new IllegalArgumentException("runbook.chat.slack.api-url must be an http(s) URL, got " + apiUrl);
      }
    }

    public boolean configured() {
      return botToken != null;
    }

    @Override
    public String toString() {
      // Never the token: this record may be logged by a failure analyzer.
      return "Slack[botToken=" + (botToken == null ? "none" : "***") + ", apiUrl=" + apiUrl + "]";
    }
  }
}
