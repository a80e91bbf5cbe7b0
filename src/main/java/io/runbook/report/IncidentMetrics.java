package io.runbook.report;

import io.runbook.incident.IncidentIntake;
import io.runbook.report.MetricsReport.SeverityFigures;
import io.runbook.report.MetricsReport.SlaFigures;
import io.runbook.triage.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arithmetic of the report, over facts already read ({@link IncidentFactsReader}); no I/O, so
 * hand-computed cases test it exactly.
 *
 * <ul>
 *   <li>MTTA: mean of (acknowledged at − reported at) over the acknowledged incidents;
 *   <li>MTTR: mean of (closed at − reported at) over the closed incidents;
 *   <li>an SLA is breached when the escalation recorded its breach, met when the incident was
 *       acknowledged (closed) without one, and pending otherwise (in neither count).
 * </ul>
 */
public final class IncidentMetrics {

  /** The key of incidents that name no affected system. */
  public static final String UNSPECIFIED = "unspecified";
  /** The key summing the affected systems beyond the ones shown. */
  public static final String OTHER = "other";

  private IncidentMetrics() {}

  /**
   * @param facts incidents reported in the period, drills included (they are counted apart)
   * @param levels number of levels of the escalation path
   * @param maxSystems at most this many affected systems are named; the rest are summed as {@link #OTHER}
   */
  public static MetricsReport compute(Period period, List<IncidentFacts> facts, int levels, int maxSystems) {
    List<IncidentFacts> counted = facts.stream().filter(f -> !f.drill()).toList();
    int drills = facts.size() - counted.size();

    Map<String, SeverityFigures> bySeverity = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity.code(), figures(counted.stream().filter(f -> f.severity() == severity).toList()));
    }

    Map<String, Integer> perLevel = new LinkedHashMap<>();
    for (int level = 1; level <= levels; level++) {
      perLevel.put(Integer.toString(level), 0);
    }
    counted.forEach(f -> f.escalationLevels().stream().filter(level -> level >= 1)
        .forEach(level -> perLevel.merge(Integer.toString(level), 1, Integer::sum)));

    Map<String, Integer> bySource = new LinkedHashMap<>();
    for (IncidentIntake.Source source : IncidentIntake.Source.values()) {
      bySource.put(source.id(), 0);
    }
    counted.forEach(f -> bySource.merge(f.source() == null ? UNSPECIFIED : f.source(), 1, Integer::sum));

    return new MetricsReport(period.from(), period.to(), counted.size(), drills, bySeverity, perLevel, bySource,
        bySystem(counted, maxSystems));
  }

  /** Incidents per affected system, largest first (ties by name), the ones past {@code max} summed as {@link #OTHER}. */
  public static Map<String, Integer> bySystem(List<IncidentFacts> counted, int max) {
    Map<String, Integer> all = new TreeMap<>();
    for (IncidentFacts incident : counted) {
      if (incident.affectedSystems().isEmpty()) {
        all.merge(UNSPECIFIED, 1, Integer::sum);
      }
      incident.affectedSystems().stream().distinct().forEach(system -> all.merge(system, 1, Integer::sum));
    }
    List<Map.Entry<String, Integer>> ranked = all.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .toList();
    Map<String, Integer> shown = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> entry : ranked) {
      if (shown.size() < max) {
        shown.put(entry.getKey(), entry.getValue());
      } else {
        shown.merge(OTHER, entry.getValue(), Integer::sum);
      }
    }
    return shown;
  }

  static SeverityFigures figures(List<IncidentFacts> incidents) {
    List<Duration> toAcknowledge = incidents.stream().filter(f -> f.acknowledgedAt() != null)
        .map(f -> elapsed(f.reportedAt(), f.acknowledgedAt())).toList();
    List<Duration> toResolve = incidents.stream().filter(f -> f.closedAt() != null)
        .map(f -> elapsed(f.reportedAt(), f.closedAt())).toList();
    int ackBreached = (int) incidents.stream().filter(IncidentFacts::acknowledgementBreached).count();
    int ackMet = (int) incidents.stream().filter(f -> !f.acknowledgementBreached() && f.acknowledgedAt() != null).count();
    int resBreached = (int) incidents.stream().filter(IncidentFacts::resolutionBreached).count();
    int resMet = (int) incidents.stream().filter(f -> !f.resolutionBreached() && f.closedAt() != null).count();
    return new SeverityFigures(incidents.size(), toAcknowledge.size(), toResolve.size(), meanSeconds(toAcknowledge),
        meanSeconds(toResolve), sla(ackMet, ackBreached), sla(resMet, resBreached));
  }

  private static SlaFigures sla(int met, int breached) {
    return new SlaFigures(met, breached, met + breached == 0 ? null : (double) met / (met + breached));
  }

  /** Never negative: a stamp before the report (clock skew between nodes) counts as at once. */
  private static Duration elapsed(Instant start, Instant end) {
    Duration elapsed = Duration.between(start, end);
    return elapsed.isNegative() ? Duration.ZERO : elapsed;
  }

  /** Mean in seconds, to the millisecond; null for no values. */
  private static Double meanSeconds(List<Duration> durations) {
    if (durations.isEmpty()) {
      return null;
    }
    long totalMillis = durations.stream().mapToLong(Duration::toMillis).sum();
    return Math.round((double) totalMillis / durations.size()) / 1000.0;
  }
}
