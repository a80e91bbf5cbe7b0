package io.runbook.communication;

import java.util.Arrays;

/**
 * The model of the runbook's "Status Page Update" ({@code status-page-update.mustache}). Mustache
 * has no comparisons, so the status is also one flag per status for the template's sections.
 *
 * @param status the status's label: Investigating, Identified, Monitoring or Resolved
 * @param investigating the status is Investigating
 * @param identified the status is Identified
 * @param monitoring the status is Monitoring
 * @param resolved the status is Resolved
 * @param issue what is wrong, completes "We are currently investigating …"
 * @param impact the impact on users
 * @param nextUpdateMinutes when the next update is promised; none: no promise
 */
public record StatusPageUpdate(
    String status,
    boolean investigating,
    boolean identified,
    boolean monitoring,
    boolean resolved,
    String issue,
    String impact,
    Integer nextUpdateMinutes) {

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

  public static StatusPageUpdate of(Status status, String issue, String impact, Integer nextUpdateMinutes) {
    return new StatusPageUpdate(status.label(), status == Status.INVESTIGATING, status == Status.IDENTIFIED,
        status == Status.MONITORING, status == Status.RESOLVED, InitialNotification.clean(issue),
        InitialNotification.clean(impact), nextUpdateMinutes);
  }
}
