package io.runbook.automation;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
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
 * @param baseDir where the actions' relative paths start, and where an action without a working
 *     directory runs; default the application's home ({@link ActionLocations#applicationHome}), a
 *     relative value is taken from there too
 * @param unresolvedActions what start-up does when an action does not resolve
 *     ({@link ActionLocations#problems}): {@code fail} (stop, naming the action and path) or
 *     {@code warn} (log and print it; the demo)
 */
@Validated
@ConfigurationProperties(prefix = "runbook.automation")
public record AutomationSettings(
    @NotNull @DefaultValue("PT30M") Duration monitoringWindow,
    @NotNull @DefaultValue("PT5M") Duration healthCheckInterval,
    @DefaultValue({"PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "TMPDIR"}) List<String> inheritedEnvironment,
    Path baseDir,
    @DefaultValue("fail") UnresolvedActions unresolvedActions) {

  /** What start-up does with an action that does not resolve. */
  public enum UnresolvedActions { FAIL, WARN }

  public AutomationSettings {
    if (monitoringWindow != null && (monitoringWindow.isNegative() || monitoringWindow.isZero())) {
      throw new IllegalArgumentException("runbook.automation.monitoring-window must be positive, got " + monitoringWindow);
    }
    if (healthCheckInterval != null && (healthCheckInterval.toSeconds() < 10)) {
      throw new IllegalArgumentException(
          "runbook.automation.health-check-interval must be at least PT10S, got " + healthCheckInterval);
    }
    inheritedEnvironment = inheritedEnvironment == null ? List.of() : List.copyOf(inheritedEnvironment);
    unresolvedActions = unresolvedActions == null ? UnresolvedActions.FAIL : unresolvedActions;
  }
}
