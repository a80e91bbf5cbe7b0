package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.net.URI;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * One message about an incident, in the runbook's "Initial Notification (Internal)" format with a
 * line on top that says why this person is told. Drill incidents are prefixed {@code [DRILL]}.
 */
public record NotificationMessage(String subject, String body) {

  public static final String DRILL_PREFIX = "[DRILL] ";

  /** What an incident looks like when a message is written; read from its process variables. */
  public record Incident(
      String incidentId,
      String title,
      String severity,
      String status,
      String affected,
      String incidentCommander,
      String channel,
      boolean drill) {

    public static Incident of(VariableScope variables) {
      String severity = text(variables, ProcessVariables.SEVERITY);
      return new Incident(
          text(variables, ProcessVariables.INCIDENT_ID),
          text(variables, ProcessVariables.TITLE),
          severity != null ? severity : text(variables, ProcessVariables.PROPOSED_SEVERITY),
          text(variables, ProcessVariables.STATUS),
          affected(text(variables, ProcessVariables.AFFECTED_SYSTEMS), text(variables, ProcessVariables.AFFECTED_USERS)),
          text(variables, ProcessVariables.INCIDENT_COMMANDER),
          text(variables, ProcessVariables.CHANNEL),
          Boolean.TRUE.equals(variables.getVariable(ProcessVariables.DRILL)));
    }

    private static String text(VariableScope variables, String name) {
      Object value = variables.getVariable(name);
      return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
    }

    private static String affected(String systems, String users) {
      if (systems != null && users != null) {
        return systems + " / " + users;
      }
      return systems != null ? systems : users;
    }
  }

  /**
   * @param headline short reason for the subject ("acknowledgement overdue, escalated to Team Lead")
   * @param reason the sentence on top of the body that explains why the reader is told
   */
  public static NotificationMessage write(Incident incident, String headline, String reason, URI tasklistUrl) {
    String title = incident.title() == null ? "[Brief Description]" : stripDrillPrefix(incident.title());
    String prefix = incident.drill() ? DRILL_PREFIX : "";
    String subject = prefix + "\uD83D\uDEA8 " + incident.incidentId() + " " + or(incident.severity(), "SEV-X") + " "
        + title + ": " + headline;
    StringBuilder body = new StringBuilder();
    if (incident.drill()) {
      body.append(DRILL_PREFIX).append("This is a practice incident (drill). Nothing is broken.\n");
    }
    body.append(reason).append("\n\n");
    body.append(new InitialNotification(
        title, incident.severity(), incident.status(), incident.affected(), incident.incidentCommander(),
        incident.channel()).render());
    body.append("\n\nIncident ticket: ").append(incident.incidentId());
    if (tasklistUrl != null) {
      body.append("\nTasklist: ").append(tasklistUrl);
    }
    return new NotificationMessage(subject, body.toString());
  }

  /** Drill titles already carry the prefix; the subject adds it once. */
  private static String stripDrillPrefix(String title) {
    return title.toUpperCase(Locale.ROOT).startsWith(DRILL_PREFIX) ? title.substring(DRILL_PREFIX.length()) : title;
  }

  private static String or(String value, String placeholder) {
    return value == null ? placeholder : value;
  }
}
