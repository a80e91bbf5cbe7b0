package io.runbook.report;

import io.runbook.system.RunbookGroups;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Incident metrics ({@code runbook.metrics.*}): the report endpoint and the Prometheus gauges.
 *
 * @param readerGroups Camunda groups whose members may read the figures (report and scrape);
 *     Camunda administrators always may
 * @param defaultPeriod period of {@code GET /api/reports/metrics} when no {@code from} is given
 * @param maxPeriod longest period the report accepts
 * @param window rolling window of the Prometheus gauges (incidents reported within it)
 * @param refresh how long computed gauges are reused before a scrape recomputes them
 * @param topSystems how many affected systems get their own label (by incident count); the rest
 *     are summed as {@code other}
 * @param systems when set, exactly these affected systems get a label (the rest: {@code other})
 * @param scrapeToken bearer token a Prometheus scrape may present instead of HTTP Basic: at least
 *     16 characters; empty means Basic only. Read by io.runbook.security.EngineAuthenticationFilter
 */
@Validated
@ConfigurationProperties(prefix = "runbook.metrics")
public record MetricsProperties(
    @DefaultValue({RunbookGroups.ENGINEERING_MANAGERS, RunbookGroups.MANAGERS, RunbookGroups.CTO,
        RunbookGroups.TEAM_LEADS, RunbookGroups.AUDITORS, RunbookGroups.ADMINS}) @NotEmpty List<@NotBlank String> readerGroups,
    @DefaultValue("P30D") @NotNull Duration defaultPeriod,
    @DefaultValue("P400D") @NotNull Duration maxPeriod,
    @DefaultValue("P30D") @NotNull Duration window,
    @DefaultValue("PT1M") @NotNull Duration refresh,
    @DefaultValue("10") @Min(1) @Max(100) int topSystems,
    @DefaultValue List<@NotBlank String> systems,
    @DefaultValue("") @Pattern(regexp = "|\\S.{14,}\\S", message = "must be empty or at least 16 characters") String scrapeToken) {

  public MetricsProperties {
    readerGroups = List.copyOf(readerGroups);
    systems = systems == null ? List.of() : List.copyOf(systems);
    scrapeToken = scrapeToken == null ? "" : scrapeToken;
    if (maxPeriod.isNegative() || maxPeriod.isZero() || defaultPeriod.compareTo(maxPeriod) > 0 || defaultPeriod.isNegative()
        || defaultPeriod.isZero()) {
      throw new IllegalArgumentException(
          "runbook.metrics.default-period must be positive and at most runbook.metrics.max-period (" + maxPeriod + ")");
    }
    if (window.isNegative() || window.isZero() || window.compareTo(maxPeriod) > 0) {
      throw new IllegalArgumentException("runbook.metrics.window must be positive and at most runbook.metrics.max-period");
    }
  }
}
