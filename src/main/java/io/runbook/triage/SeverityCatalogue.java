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
import org.springframework.validation.annotation.Validated;

/**
 * The runbook's severity table as typed configuration ({@code runbook.severities.sev1..sev4}).
 * Start-up fails with the offending key named when a level is missing or a value is invalid.
 */
@Validated
@ConfigurationProperties(prefix = "runbook")
public record SeverityCatalogue(@NotEmpty Map<String, @Valid @NotNull Level> severities) {

  /** One row of the runbook's severity table. */
  public record Level(
      @NotBlank String label,
      @NotBlank String description,
      @NotNull Duration responseTime,
      @NotBlank String escalation,
      @NotEmpty List<@NotBlank String> examples,
      boolean postMortemRequired) {

    public Level {
      if (responseTime != null && (responseTime.isNegative() || responseTime.isZero())) {
        throw new IllegalArgumentException("response-time must be positive, got " + responseTime);
      }
      examples = examples == null ? List.of() : List.copyOf(examples);
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
          .append(". Examples: ")
          .append(String.join(", ", level.examples()))
          .append(".\n");
    }
    return text.toString().trim();
  }

  /** "15 minutes", "1 hour", "24 hours". */
  public static String humanize(Duration duration) {
    if (duration.toMinutes() < 60 || duration.toMinutes() % 60 != 0) {
      long minutes = duration.toMinutes();
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    long hours = duration.toHours();
    return hours == 1 ? "1 hour" : hours + " hours";
  }
}
