package io.runbook.communication;

import java.util.Arrays;

/** The runbook's "Status Page Update" template, one wording per status. */
public record StatusPageUpdate(Status status, String issue, String impact, Integer nextUpdateMinutes) {

  /** The four statuses the runbook's template names. */
  public enum Status {
    INVESTIGATING("Investigating"),
    IDENTIFIED("Identified"),
    MONITORING("Monitoring"),
    RESOLVED("Resolved");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Status fromLabel(String value) {
      return Arrays.stream(values())
          .filter(s -> s.label.equalsIgnoreCase(value == null ? "" : value.trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "status must be one of Investigating, Identified, Monitoring, Resolved; got '" + value + "'"));
    }
  }

  public String render() {
    String sentence =
        switch (status) {
          case INVESTIGATING -> "We are currently investigating " + issue + ".";
          case IDENTIFIED -> "We have identified the cause of " + issue + " and are working on a fix.";
          case MONITORING -> "A fix for " + issue + " is in place and we are monitoring the results.";
          case RESOLVED -> "The incident with " + issue + " has been resolved.";
        };
    StringBuilder text = new StringBuilder();
    text.append(status.label()).append("\n\n").append(sentence).append("\n\n").append("Impact: ").append(impact);
    if (status != Status.RESOLVED && nextUpdateMinutes != null) {
      text.append("\n\nNext update in ").append(nextUpdateMinutes).append(" minutes.");
    }
    return text.toString();
  }
}
