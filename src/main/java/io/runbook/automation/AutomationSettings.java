package io.runbook.automation;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbook.automation.*}: the recurrence watch after mitigation and what scripts inherit.
 *
 * @param monitoringWindow how long mitigation watches for recurrence once the service is healthy
 * @param healthCheckInterval how often {@code health} runs during that window
 * @param inheritedEnvironment names of the application's own environment variables a script
 *     receives (everything else, such as passwords, is withheld)
 */
@Validated
@ConfigurationProperties(prefix = "runbook.automation")
public record AutomationSettings(
    @NotNull @DefaultValue("PT30M") Duration monitoringWindow,
    @NotNull @DefaultValue("PT5M") Duration healthCheckInterval,
    @DefaultValue({"PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "TMPDIR"}) List<String> inheritedEnvironment) {

  public AutomationSettings {
    if (monitoringWindow != null && (monitoringWindow.isNegative() || monitoringWindow.isZero())) {
      throw new IllegalArgumentException("runbook.automation.monitoring-window must be positive, got " + monitoringWindow);
    }
    if (healthCheckInterval != null && (healthCheckInterval.toSeconds() < 10)) {
      throw new IllegalArgumentException(
          "runbook.automation.health-check-interval must be at least PT10S, got " + healthCheckInterval);
    }
    inheritedEnvironment = inheritedEnvironment == null ? List.of() : List.copyOf(inheritedEnvironment);
  }
}
