package io.runbook.postmortem;

import io.runbook.audit.IncidentTimeline;
import io.runbook.audit.TimelineEvent;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The post-mortem's pre-filled timeline, from the incident's {@link IncidentTimeline}: only the
 * decisive events, to the second (UTC), with who did them (first alert or report, acknowledgement,
 * severity, escalations and pages, response team, mitigation chosen, rollback approved or rejected
 * and run, Camunda incidents, mitigation ended, incident closed), then the times to acknowledge, to
 * mitigate and to resolve, counted from the first alert (or the report), not from the post-mortem.
 * Health checks, timers and form plumbing stay in the full timeline ({@code GET /api/incidents/{id}/timeline}).
 */
@Component
public class PostMortemDraft {

  /** The draft: the timeline text and the durations it ends with (null when the event did not happen). */
  public record Draft(String timeline, Instant firstAlert, Duration toAcknowledge, Duration toMitigate, Duration toResolve) {}

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Set<String> ALWAYS = Set.of(TimelineEvent.INCIDENT_ACKNOWLEDGED, TimelineEvent.SEVERITY_CHANGED,
      TimelineEvent.ROLLBACK_APPROVED, TimelineEvent.ROLLBACK_REJECTED, TimelineEvent.FAILURE_OPENED,
      TimelineEvent.ESCALATION + ".page", TimelineEvent.ESCALATION + ".breach", TimelineEvent.ESCALATION + ".route",
      TimelineEvent.LOG_NOTE, TimelineEvent.ESCALATION + ".inform");

  public Draft of(IncidentTimeline.Timeline timeline) {
    List<String> lines = new ArrayList<>();
    List<TimelineEvent> decisive = new ArrayList<>();
    Instant first = null;
    Instant acknowledged = null;
    Instant mitigated = null;
    Instant resolved = null;
    for (TimelineEvent event : timeline.events()) {
      String text = line(event);
      if (text == null) {
        continue;
      }
      switch (event.type()) {
        case TimelineEvent.ALERT_RECEIVED, TimelineEvent.INCIDENT_REPORTED, TimelineEvent.INCIDENT_OPENED -> {
          if (first != null) {
            continue;
          }
          first = event.time();
        }
        case TimelineEvent.INCIDENT_ACKNOWLEDGED -> {
          if (acknowledged != null) {
            continue;
          }
          acknowledged = event.time();
        }
        case TimelineEvent.PROCESS_ENDED -> mitigated = event.time();
        case TimelineEvent.ACTIVITY_COMPLETED -> resolved = resolved == null ? event.time() : resolved;
        case TimelineEvent.TASK_COMPLETED -> {
          if (IncidentResponse.TRIAGE.equals(event.activityId()) && acknowledged == null) {
            acknowledged = event.time();
          }
        }
        default -> { }
      }
      decisive.add(event);
      lines.add(text);
    }
    StringBuilder text = new StringBuilder();
    String day = null;
    for (int i = 0; i < decisive.size(); i++) {
      String eventDay = DAY.format(decisive.get(i).time());
      if (!eventDay.equals(day)) {
        text.append(day == null ? "" : "\n").append(eventDay).append(" (UTC)\n");
        day = eventDay;
      }
      text.append("- ").append(TIME.format(decisive.get(i).time())).append(" - ").append(lines.get(i)).append("\n");
    }
    Duration toAcknowledge = between(first, acknowledged);
    Duration toMitigate = between(first, mitigated);
    Duration toResolve = between(first, resolved);
    text.append("\nFrom the first alert: time to acknowledge ").append(format(toAcknowledge))
        .append(", time to mitigate ").append(format(toMitigate))
        .append(", time to resolve ").append(format(toResolve)).append("\n");
    return new Draft(text.toString().trim(), first, toAcknowledge, toMitigate, toResolve);
  }

  /** The line of a decisive event, or null for the others. */
  private static String line(TimelineEvent event) {
    String actor = event.actor() == null ? "" : " (" + event.actor() + ")";
    String activity = event.activityId() == null ? "" : event.activityId();
    return switch (event.type()) {
      case TimelineEvent.ALERT_RECEIVED -> "First alert: " + event.summary();
      case TimelineEvent.INCIDENT_REPORTED, TimelineEvent.INCIDENT_OPENED -> event.summary();
      case TimelineEvent.TASK_COMPLETED -> switch (activity) {
        case IncidentResponse.TRIAGE -> "Triage completed" + actor;
        case IncidentResponse.ASSEMBLE_TEAM, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE -> "Response team assembled" + actor + team(event);
        case IncidentMitigation.MITIGATE -> "Mitigation chosen: " + value(event, "mitigationAction") + actor;
        case IncidentResponse.VERIFY_FIX -> "Fix verified in production" + actor;
        default -> null;
      };
      case TimelineEvent.PROCESS_CALLED -> IncidentMitigation.PROCESS_KEY.equals(event.details().get("processDefinitionKey"))
          ? "Mitigation started" : null;
      case TimelineEvent.PROCESS_ENDED -> IncidentMitigation.PROCESS_KEY.equals(event.details().get("processDefinitionKey"))
          ? "Mitigated: service restored, no recurrence in the monitoring window" : null;
      case TimelineEvent.SCRIPT_RUN -> "rollback".equals(event.details().get("action")) ? event.summary() : null;
      case TimelineEvent.ACTIVITY_COMPLETED -> IncidentResponse.CLOSE_INCIDENT.equals(activity) ? "Resolved: incident closed" : null;
      default -> ALWAYS.contains(event.type())
          ? event.summary() + (event.actor() == null || event.summary().contains(event.actor()) ? "" : actor) : null;
    };
  }

  private static String team(TimelineEvent event) {
    if (!(event.details().get("values") instanceof Map<?, ?> values)) {
      return "";
    }
    List<String> roles = new ArrayList<>();
    for (var role : List.of(Map.entry("incidentCommander", "IC"), Map.entry("technicalLead", "TL"),
        Map.entry("communicationsLead", "Comms"), Map.entry("scribe", "Scribe"))) {
      if (values.get(role.getKey()) != null) {
        roles.add(role.getValue() + " " + values.get(role.getKey()));
      }
    }
    return roles.isEmpty() ? "" : ": " + String.join(", ", roles);
  }

  private static Object value(TimelineEvent event, String name) {
    return event.details().get("values") instanceof Map<?, ?> values ? values.get(name) : null;
  }

  private static Duration between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to);
  }

  /** "1 h 05 min 09 s", "4 min 00 s", or "n/a". */
  public static String format(Duration duration) {
    if (duration == null) {
      return "n/a";
    }
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    return (hours > 0 ? hours + " h " + String.format("%02d", minutes) + " min " : minutes + " min ")
        + String.format("%02d", seconds % 60) + " s";
  }
}
