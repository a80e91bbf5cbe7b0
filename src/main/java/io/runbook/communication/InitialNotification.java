package io.runbook.communication;

/**
 * The runbook's "Initial Notification (Internal)" template, filled from an incident. Unknown
 * fields keep the runbook's placeholder so a reader sees what is still missing.
 */
public record InitialNotification(
    String description, String severity, String status, String affected, String incidentCommander, String channel) {

  public String render() {
    return "\uD83D\uDEA8 INCIDENT: " + or(description, "[Brief Description]") + "\n"
        + "Severity: " + or(severity, "SEV-X") + "\n"
        + "Status: " + or(status, "Investigating") + "\n"
        + "Affected: " + or(affected, "[Systems/Users]") + "\n"
        + "IC: @" + or(incidentCommander, "[name]") + "\n"
        + "Channel: " + or(channel, "#incident-[id]");
  }

  private static String or(String value, String placeholder) {
    return value == null || value.isBlank() ? placeholder : value.trim();
  }
}
