package io.runbook.communication;

import java.util.Arrays;

/** Ways a notification travels. {@link #NONE} marks one that has no way to go (a configuration gap). */
public enum Channel {
  EMAIL("email"),
  /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat). */
  CHAT("chat"),
  /** A Microsoft Teams incoming webhook. */
  TEAMS("teams"),
  NONE("none");

  private final String id;

  Channel(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Channel fromId(String id) {
    return Arrays.stream(values())
        .filter(channel -> channel.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown notification channel '" + id + "'"));
  }
}
