package io.runbook.escalation;

import java.util.Locale;

/** The two promises the runbook makes per severity. */
public enum Sla {
  /** Somebody acknowledges the incident within the severity's response time. */
  ACKNOWLEDGEMENT,
  /** The incident is closed within the severity's resolution target. */
  RESOLUTION;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
