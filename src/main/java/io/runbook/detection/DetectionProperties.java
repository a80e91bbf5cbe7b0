package io.runbook.detection;

import io.runbook.incident.IncidentIntake;
import io.runbook.triage.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Detection ({@code runbook.detection}): the automatic severity rules, and when incident processes
 * are brought up to date with alerts that arrived for them: at most {@code sync-delay} after a
 * duplicate alert (the alerts arriving meanwhile are folded into the same update), within a moment
 * after an acknowledge or resolve, and every {@code sync-interval} anyway (alerts recorded by
 * another instance, or before a restart).
 *
 * <p>Rules are checked in order against each triggering alert. The first matching rule that names a
 * severity decides the proposed severity; any matching rule with {@code security-related: true}
 * marks the incident security-related. Triage can change both.
 */
@Validated
@ConfigurationProperties(prefix = "runbook.detection")
public record DetectionProperties(
    List<@Valid @NotNull Rule> rules,
    @DefaultValue("5s") @NotNull Duration syncDelay,
    @DefaultValue("30s") @NotNull Duration syncInterval) {

  /** Conditions of a rule; every condition given must hold, a rule without any matches every alert. */
  public record Match(
      IncidentIntake.Source source, String integration, List<String> severity, Map<String, String> labels) {

    public Match {
      severity = severity == null ? List.of() : severity.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  /** One rule: conditions, and the severity (SEV-1..SEV-4) and/or security flag it gives. */
  public record Rule(String name, Match match, String severity, Boolean securityRelated) {

    public Rule {
      match = match == null ? new Match(null, null, null, null) : match;
    }

    Severity parsedSeverity() {
      return severity == null ? null : Severity.fromCode(severity).orElse(null);
    }
  }

  public DetectionProperties {
    rules = rules == null ? List.of() : List.copyOf(rules);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String key = "runbook.detection.rules[" + i + "]";
      if (rule == null) {
        continue;
      }
      if (rule.severity() == null && rule.securityRelated() == null) {
        problems.add(key + " gives neither a severity nor security-related");
      }
      if (rule.severity() != null && rule.parsedSeverity() == null) {
        problems.add(key + ".severity must be one of SEV-1, SEV-2, SEV-3, SEV-4, got '" + rule.severity() + "'");
      }
    }
    if (syncInterval != null && (syncInterval.isNegative() || syncInterval.isZero())) {
      problems.add("runbook.detection.sync-interval must be positive, got " + syncInterval);
    }
    if (syncDelay != null && syncDelay.isNegative()) {
      problems.add("runbook.detection.sync-delay must not be negative, got " + syncDelay);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
