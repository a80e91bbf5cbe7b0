package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.util.Locale;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The model of the runbook's "Initial Notification (Internal)" ({@code initial-notification.mustache}),
 * and what every page about an incident shows: the incident as it is known when the message is
 * written. A null field is not known yet; the template says so in words, never with the runbook's
 * {@code [placeholders]}.
 *
 * @param incidentId the ticket, e.g. INC-2026-0042
 * @param title the brief description, without the drill prefix
 * @param severity SEV-1 … SEV-4: triage's decision, or the proposed severity before triage
 * @param severityProposed true while the severity is only proposed (triage has not decided)
 * @param status Investigating until the incident is closed (then Resolved)
 * @param affectedSystems as triage (or the alert) names them
 * @param affectedUsers who is affected, as triage names them
 * @param incidentCommander user id of the Incident Commander, once the team is assembled
 * @param channel the incident's dedicated channel
 * @param drill a practice incident
 */
public record InitialNotification(
    String incidentId,
    String title,
    String severity,
    boolean severityProposed,
    String status,
    String affectedSystems,
    String affectedUsers,
    String incidentCommander,
    String channel,
    boolean drill) {

  /** Drill titles carry this prefix (the drill service names them so); the templates add it where they want it. */
  public static final String DRILL_PREFIX = "[DRILL] ";

  public InitialNotification {
    incidentId = clean(incidentId);
    title = clean(title);
    if (drill && title != null && title.toUpperCase(Locale.ROOT).startsWith(DRILL_PREFIX)) {
      title = clean(title.substring(DRILL_PREFIX.length()));
    }
    severity = clean(severity);
    severityProposed = severityProposed && severity != null;
    status = clean(status);
    affectedSystems = clean(affectedSystems);
    affectedUsers = clean(affectedUsers);
    incidentCommander = clean(incidentCommander);
    channel = clean(channel);
  }

  /** The incident as its process variables tell it now. */
  public static InitialNotification of(VariableScope incident) {
    return of(incident::getVariable);
  }

  /** The incident as its variables tell it; {@code incident} answers a variable's value by name. */
  public static InitialNotification of(Function<String, Object> incident) {
    String severity = text(incident, ProcessVariables.SEVERITY);
    return new InitialNotification(
        text(incident, ProcessVariables.INCIDENT_ID),
        text(incident, ProcessVariables.TITLE),
        severity != null ? severity : text(incident, ProcessVariables.PROPOSED_SEVERITY),
        severity == null,
        text(incident, ProcessVariables.STATUS),
        text(incident, ProcessVariables.AFFECTED_SYSTEMS),
        text(incident, ProcessVariables.AFFECTED_USERS),
        text(incident, ProcessVariables.INCIDENT_COMMANDER),
        text(incident, ProcessVariables.CHANNEL),
        Boolean.TRUE.equals(incident.apply(ProcessVariables.DRILL)));
  }

  static String text(Function<String, Object> variables, String name) {
    Object value = variables.apply(name);
    return value == null ? null : clean(String.valueOf(value));
  }

  static String clean(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
