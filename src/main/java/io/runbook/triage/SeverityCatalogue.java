package io.runbook.triage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The runbook's severity table as typed configuration ({@code runbook.severities.sev1..sev4}).
 * Start-up fails with the offending key named when a level is missing or a value is invalid.
 */
@Validated
@ConfigurationProperties(prefix = "runbook")
public record SeverityCatalogue(@NotEmpty Map<String, @Valid @NotNull Level> severities) {

  /**
   * One row of the runbook's severity table, with the runbook's escalation column made concrete:
   * {@code resolutionTarget} is the resolution SLA, {@code escalationInterval} the time between one
   * escalation level and the next (absent: the runbook's "None", breaches are recorded and the
   * on-call reminded, nobody above is told) and {@code escalateUnacknowledged} whether a missed
   * response time climbs the path (false: the runbook's "If unresolved", only a missed resolution
   * target does). {@code firstEscalationAfter} is the runbook's escalation column for an
   * unacknowledged incident: the first level of the path (Team Lead) is told this long after the
   * report unless someone acknowledged, before the response time is breached (PT0S: at once, the
   * runbook's "Immediate"; PT30M: "Within 30 min"); absent: the first level hears of it only when
   * the response time is breached, or never.
   */
  public record Level(
      @NotBlank String label,
      @NotBlank String description,
      @NotNull Duration responseTime,
      @NotBlank String escalation,
      @NotEmpty List<@NotBlank String> examples,
      boolean postMortemRequired,
      @NotNull Duration resolutionTarget,
      Duration escalationInterval,
      @DefaultValue("true") boolean escalateUnacknowledged,
      Duration firstEscalationAfter) {

    public Level {
      requirePositive("response-time", responseTime);
      requirePositive("resolution-target", resolutionTarget);
      requirePositive("escalation-interval", escalationInterval);
      if (responseTime != null && resolutionTarget != null && resolutionTarget.compareTo(responseTime) <= 0) {
        throw new IllegalArgumentException(
            "resolution-target (" + resolutionTarget + ") must be longer than response-time (" + responseTime + ")");
      }
      if (firstEscalationAfter != null) {
        if (firstEscalationAfter.isNegative()) {
          throw new IllegalArgumentException("first-escalation-after must not be negative, got " + firstEscalationAfter);
        }
        if (responseTime != null && firstEscalationAfter.compareTo(responseTime) >= 0) {
          throw new IllegalArgumentException("first-escalation-after (" + firstEscalationAfter
              + ") must be shorter than response-time (" + responseTime + "): after that the breach tells the first level");
        }
        if (escalationInterval == null || !escalateUnacknowledged) {
          throw new IllegalArgumentException("first-escalation-after needs escalation-interval and"
              + " escalate-unacknowledged: true (a severity that does not climb the path for an unacknowledged"
              + " incident tells nobody early either)");
        }
      }
      examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** Whether the first level is told before the response time is breached (SEV-1, SEV-2 by default). */
    public boolean informsEarly() {
      return firstEscalationAfter != null;
    }

    /** Whether the first level is told at once, with the page (the runbook's "Immediate"). */
    public boolean informsAtOnce() {
      return firstEscalationAfter != null && firstEscalationAfter.isZero();
    }

    /** Whether a breach of this severity's SLAs climbs the escalation path at all. */
    public boolean escalates() {
      return escalationInterval != null;
    }

    private static void requirePositive(String key, Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException(key + " must be positive, got " + value);
      }
    }
  }

  public SeverityCatalogue {
    if (severities != null) {
      List<String> problems = new ArrayList<>();
      for (Severity severity : Severity.values()) {
        if (!severities.containsKey(severity.configKey())) {
          problems.add("runbook.severities." + severity.configKey() + " is missing");
        }
      }
      for (String key : severities.keySet()) {
        if (Severity.fromCode(key.replace("sev", "SEV-")).isEmpty()) {
          problems.add("runbook.severities." + key + " is not a severity (expected sev1..sev4)");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      severities = Map.copyOf(severities);
    }
  }

  public Level level(Severity severity) {
    return severities.get(severity.configKey());
  }

  /** The severity table rendered as text, shown to whoever assesses severity. */
  public String guide() {
    StringBuilder text = new StringBuilder();
    for (Severity severity : Severity.values()) {
      Level level = level(severity);
      text.append(level.label())
          .append(" (")
          .append(level.description())
          .append("): respond within ")
          .append(humanize(level.responseTime()))
          .append(", escalation: ")
          .append(level.escalation())
          .append(level.escalates() ? " (next level every " + humanize(level.escalationInterval()) + ")" : "")
          .append(", resolve within ")
          .append(humanize(level.resolutionTarget()))
          .append(". Examples: ")
          .append(String.join(", ", level.examples()))
          .append(".\n");
    }
    return text.toString().trim();
  }

  /** "15 minutes", "1 hour", "24 hours", "3 days"; "5 seconds" or "2.5 seconds" below a minute. */
  public static String humanize(Duration duration) {
    if (duration.toMinutes() < 1) {
      long millis = duration.toMillis();
      if (millis % 1000 == 0) {
        return millis == 1000 ? "1 second" : millis / 1000 + " seconds";
      }
      return String.format(java.util.Locale.ROOT, "%.1f seconds", millis / 1000.0);
    }
    if (duration.toHours() >= 48 && duration.toMinutes() % (24 * 60) == 0) {
      return duration.toDays() + " days";
    }
    if (duration.toMinutes() < 60 || duration.toMinutes() % 60 != 0) {
      long minutes = duration.toMinutes();
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    long hours = duration.toHours();
    return hours == 1 ? "1 hour" : hours + " hours";
  }
}
