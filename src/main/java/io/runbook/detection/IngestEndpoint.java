package io.runbook.detection;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The machine ingestion endpoints; every configured source is bound to exactly one of them. */
public enum IngestEndpoint {
  ALERTMANAGER("alertmanager", "POST /api/alerts/alertmanager"),
  PAGERDUTY_EVENTS("pagerduty-events", "POST /api/events/v2/enqueue"),
  GENERIC("generic", "POST /api/alerts");

  private final String id;
  private final String path;

  IngestEndpoint(String id, String path) {
    this.id = id;
    this.path = path;
  }

  public String id() {
    return id;
  }

  public String path() {
    return path;
  }

  static String ids() {
    return Arrays.stream(values()).map(IngestEndpoint::id).collect(Collectors.joining(", "));
  }
}
