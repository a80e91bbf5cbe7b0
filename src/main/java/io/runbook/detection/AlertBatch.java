package io.runbook.detection;

import java.util.List;

/**
 * What one request brings: alert events for one dedup key (an Alertmanager group, a PagerDuty
 * {@code dedup_key}, a generic {@code dedupKey}) from one authenticated sender. {@code title} is the
 * incident title the sender suggests for the group, or null to take the first alert's.
 */
public record AlertBatch(
    IngestAuthenticator.Sender sender, Format format, String dedupKey, String title, List<IncomingAlert> alerts) {

  /** The wire format an alert came in. */
  public enum Format {
    ALERTMANAGER("alertmanager"),
    PAGERDUTY("pagerduty"),
    GENERIC("generic");

    private final String id;

    Format(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public AlertBatch {
    alerts = List.copyOf(alerts);
  }
}
