package io.runbook.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code GET /api/reports/metrics}: figures over the incidents reported in the period,
 * drills excluded. Definitions: docs/metrics.md.
 *
 * @param incidents incidents reported in the period (drills not counted)
 * @param drillsExcluded drills reported in the period, left out of every figure
 * @param bySeverity the four severities, each present
 * @param escalationsPerLevel escalations that reached each level of the escalation path ("1" ..)
 * @param bySource incidents per source, every known source present
 * @param byAffectedSystem incidents per affected system (an incident naming two counts for both;
 *     none named: {@code unspecified}), largest first
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MetricsReport(
    Instant from,
    Instant to,
    int incidents,
    int drillsExcluded,
    Map<String, SeverityFigures> bySeverity,
    Map<String, Integer> escalationsPerLevel,
    Map<String, Integer> bySource,
    Map<String, Integer> byAffectedSystem) {

  /**
   * One severity's figures.
   *
   * @param mttaSeconds mean time to acknowledge over the acknowledged incidents, null when none
   * @param mttrSeconds mean time to resolve (close) over the resolved incidents, null when none
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SeverityFigures(
      int incidents,
      int acknowledged,
      int resolved,
      Double mttaSeconds,
      Double mttrSeconds,
      SlaFigures acknowledgementSla,
      SlaFigures resolutionSla) {}

  /**
   * Whether an SLA was kept. Incidents still inside their SLA (not yet acknowledged or closed, and
   * not yet breached) are in neither count.
   *
   * @param compliance met / (met + breached), null when both are 0
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SlaFigures(int met, int breached, Double compliance) {}
}
