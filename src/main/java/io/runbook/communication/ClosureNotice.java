package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The model of the notice that an incident is resolved and closed ({@code closure-notice-subject.mustache},
 * {@code closure-notice.mustache}).
 *
 * @param incidentId the ticket
 * @param title the brief description, without the drill prefix
 * @param severity SEV-1 … SEV-4
 * @param affectedSystems as triage named them
 * @param affectedUsers as triage named them
 * @param incidentCommander user id of the Incident Commander, if one was assigned
 * @param channel the incident's channel
 * @param rootCause the confirmed root cause
 * @param openedAt when the incident was registered ("2026-12-01 09:14 UTC")
 * @param closedAt when it was closed
 * @param duration from opened to closed ("2 h 5 min")
 * @param postMortemRequired a post-mortem is required or was requested
 * @param postMortemDue when the post-mortem is due
 * @param drill a practice incident
 */
public record ClosureNotice(
    String incidentId,
    String title,
    String severity,
    String affectedSystems,
    String affectedUsers,
    String incidentCommander,
    String channel,
    String rootCause,
    String openedAt,
    String closedAt,
    String duration,
    boolean postMortemRequired,
    String postMortemDue,
    boolean drill) {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** The closed incident as its process variables tell it. */
  public static ClosureNotice of(VariableScope incident) {
    return of(incident::getVariable);
  }

  /** The closed incident as its variables tell it; {@code incident} answers a variable's value by name. */
  public static ClosureNotice of(Function<String, Object> incident) {
    InitialNotification known = InitialNotification.of(incident);
    Date opened = incident.apply(ProcessVariables.REPORTED_AT) instanceof Date d ? d : null;
    Date closed = incident.apply(ProcessVariables.CLOSED_AT) instanceof Date d ? d : null;
    Date due = incident.apply(ProcessVariables.POST_MORTEM_DUE) instanceof Date d ? d : null;
    boolean postMortem = Boolean.TRUE.equals(incident.apply(ProcessVariables.POST_MORTEM_REQUIRED))
        || Boolean.TRUE.equals(incident.apply(ProcessVariables.POST_MORTEM_REQUESTED));
    return new ClosureNotice(known.incidentId(), known.title(), known.severity(), known.affectedSystems(),
        known.affectedUsers(), known.incidentCommander(), known.channel(),
        rootCause(incident),
        format(opened), format(closed),
        opened == null || closed == null ? null : humanize(Duration.between(opened.toInstant(), closed.toInstant())),
        postMortem, format(due), known.drill());
  }

  /** The confirmed root cause (resolution), else the one investigation identified. */
  static String rootCause(Function<String, Object> incident) {
    String confirmed = InitialNotification.text(incident, ProcessVariables.CONFIRMED_ROOT_CAUSE);
    return confirmed != null ? confirmed : InitialNotification.text(incident, ProcessVariables.ROOT_CAUSE);
  }

  static String format(Date time) {
    return time == null ? null : TIME.format(time.toInstant());
  }

  /** "45 min", "2 h 5 min", "3 d 4 h". */
  static String humanize(Duration duration) {
    long minutes = Math.max(0, duration.toMinutes());
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 24 * 60) {
      return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
    long hours = minutes / 60;
    return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
  }
}
