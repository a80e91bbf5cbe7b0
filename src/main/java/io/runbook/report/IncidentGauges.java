package io.runbook.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.runbook.escalation.ContactDirectory;
import io.runbook.incident.IncidentIntake;
import io.runbook.report.MetricsReport.SeverityFigures;
import io.runbook.report.MetricsReport.SlaFigures;
import io.runbook.triage.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The report's figures as Micrometer gauges, for {@code /actuator/prometheus}: computed over the
 * incidents reported in the rolling {@code runbook.metrics.window} (drills excluded), plus the
 * incidents open now. They are computed lazily: a scrape recomputes them when they are older than
 * {@code runbook.metrics.refresh} (the scrape filter calls {@link #refreshIfStale()}), so a scrape
 * costs a few queries at most once per refresh interval and reading a gauge never touches the
 * database. Labels are bounded: four severities, two SLAs, the escalation levels, the known sources,
 * and the top {@code runbook.metrics.top-systems} affected systems (or the configured
 * {@code runbook.metrics.systems}) plus {@code other} and {@code unspecified}.
 */
@Component
public class IncidentGauges implements MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentGauges.class);

  /** Every metric name this class registers (Prometheus form), for the dashboard check and docs. */
  public static final List<String> NAMES = List.of(
      "runbook_incidents_open", "runbook_incidents_reported", "runbook_incidents_acknowledged",
      "runbook_incidents_resolved", "runbook_mtta_seconds", "runbook_mttr_seconds", "runbook_sla_compliance_ratio",
      "runbook_sla_incidents", "runbook_escalations", "runbook_incidents_by_source", "runbook_incidents_by_system",
      "runbook_drills_excluded", "runbook_metrics_window_seconds");

  /** What the gauges show: the window's report and the open incidents. */
  record Snapshot(MetricsReport window, Map<Severity, Integer> open) {}

  private final MetricsService metrics;
  private final IncidentFactsReader reader;
  private final MetricsProperties properties;
  private final int levels;

  private volatile Snapshot snapshot;
  private volatile long refreshedAtNanos;
  private MultiGauge bySystem;

  @Autowired
  public IncidentGauges(MetricsService metrics, IncidentFactsReader reader, MetricsProperties properties,
      ContactDirectory contacts) {
    this(metrics, reader, properties, contacts.levels());
  }

  IncidentGauges(MetricsService metrics, IncidentFactsReader reader, MetricsProperties properties, int levels) {
    this.metrics = metrics;
    this.reader = reader;
    this.properties = properties;
    this.levels = levels;
    this.snapshot = new Snapshot(IncidentMetrics.compute(
        Period.last(properties.window(), MetricsService.now()), List.of(), levels, properties.topSystems()), Map.of());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Severity severity : Severity.values()) {
      String code = severity.code();
      gauge(registry, "runbook.incidents.open", "Incidents open now (drills excluded), by current severity",
          s -> s.open().getOrDefault(severity, 0), "severity", code);
      gauge(registry, "runbook.incidents.reported", "Incidents reported in the rolling window (drills excluded)",
          s -> figures(s, code).incidents(), "severity", code);
      gauge(registry, "runbook.incidents.acknowledged", "Incidents reported in the window and acknowledged",
          s -> figures(s, code).acknowledged(), "severity", code);
      gauge(registry, "runbook.incidents.resolved", "Incidents reported in the window and closed",
          s -> figures(s, code).resolved(), "severity", code);
      gauge(registry, "runbook.mtta.seconds", "Mean time to acknowledge (from the report) over the window; NaN when none",
          s -> orNaN(figures(s, code).mttaSeconds()), "severity", code);
      gauge(registry, "runbook.mttr.seconds", "Mean time to resolve (report to close) over the window; NaN when none",
          s -> orNaN(figures(s, code).mttrSeconds()), "severity", code);
      for (String sla : List.of("acknowledgement", "resolution")) {
        gauge(registry, "runbook.sla.compliance.ratio", "Share of decided incidents that met the SLA; NaN when none",
            s -> orNaN(sla(s, code, sla).compliance()), "sla", sla, "severity", code);
        gauge(registry, "runbook.sla.incidents", "Incidents of the window that met or breached the SLA",
            s -> sla(s, code, sla).met(), "sla", sla, "severity", code, "outcome", "met");
        gauge(registry, "runbook.sla.incidents", "Incidents of the window that met or breached the SLA",
            s -> sla(s, code, sla).breached(), "sla", sla, "severity", code, "outcome", "breached");
      }
    }
    for (int level = 1; level <= levels; level++) {
      String key = Integer.toString(level);
      gauge(registry, "runbook.escalations", "Escalations that reached this level of the path, over the window",
          s -> s.window().escalationsPerLevel().getOrDefault(key, 0), "level", key);
    }
    for (IncidentIntake.Source source : IncidentIntake.Source.values()) {
      gauge(registry, "runbook.incidents.by.source", "Incidents reported in the window, by source",
          s -> s.window().bySource().getOrDefault(source.id(), 0), "source", source.id());
    }
    gauge(registry, "runbook.drills.excluded", "Drills reported in the window, left out of every figure",
        s -> s.window().drillsExcluded());
    gauge(registry, "runbook.metrics.window.seconds", "Length of the rolling window the figures cover",
        s -> properties.window().toSeconds());
    bySystem = MultiGauge.builder("runbook.incidents.by.system")
        .description("Incidents reported in the window, by affected system (top systems, other, unspecified)")
        .register(registry);
    publishSystems(snapshot);
  }

  /** Recomputes the figures when they are older than {@code runbook.metrics.refresh}. */
  public void refreshIfStale() {
    if (refreshedAtNanos == 0 || System.nanoTime() - refreshedAtNanos >= properties.refresh().toNanos()) {
      synchronized (this) {
        if (refreshedAtNanos == 0 || System.nanoTime() - refreshedAtNanos >= properties.refresh().toNanos()) {
          refresh();
        }
      }
    }
  }

  /** Recomputes the figures now; on a database failure the previous figures stay and it is logged. */
  public synchronized void refresh() {
    try {
      Period window = Period.last(properties.window(), MetricsService.now());
      MetricsReport report = metrics.report(window, Integer.MAX_VALUE);
      show(new Snapshot(withSystems(report), reader.openBySeverity()));
    } catch (RuntimeException failed) {
      LOG.warn("Incident metrics could not be computed; the previous figures stay: {}", failed.toString());
    } finally {
      refreshedAtNanos = System.nanoTime();
    }
  }

  /** The window's report with affected systems cut to the labels: the configured list, else the top N. */
  private MetricsReport withSystems(MetricsReport report) {
    Map<String, Integer> shown = new LinkedHashMap<>();
    properties.systems().forEach(system -> shown.put(system, 0));
    int named = 0;
    for (Map.Entry<String, Integer> entry : report.byAffectedSystem().entrySet()) {
      String system = entry.getKey();
      String label;
      if (IncidentMetrics.UNSPECIFIED.equals(system) || properties.systems().contains(system)) {
        label = system;
      } else if (properties.systems().isEmpty() && named < properties.topSystems()) {
        label = system;
        named++;
      } else {
        label = IncidentMetrics.OTHER;
      }
      shown.merge(label, entry.getValue(), Integer::sum);
    }
    return new MetricsReport(report.from(), report.to(), report.incidents(), report.drillsExcluded(),
        report.bySeverity(), report.escalationsPerLevel(), report.bySource(), shown);
  }

  private void publishSystems(Snapshot current) {
    if (bySystem == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    current.window().byAffectedSystem().forEach((system, count) -> rows.add(MultiGauge.Row.of(Tags.of("system", system), count)));
    bySystem.register(rows, true);
  }

  /** Makes the gauges show these figures. */
  void show(Snapshot next) {
    snapshot = next;
    publishSystems(next);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value,
      String... tags) {
    Gauge.builder(name, this, gauges -> value.applyAsDouble(gauges.snapshot)).description(description).tags(tags)
        .strongReference(true).register(registry);
  }

  private static SeverityFigures figures(Snapshot snapshot, String severity) {
    return snapshot.window().bySeverity().get(severity);
  }

  private static SlaFigures sla(Snapshot snapshot, String severity, String sla) {
    SeverityFigures figures = figures(snapshot, severity);
    return "acknowledgement".equals(sla) ? figures.acknowledgementSla() : figures.resolutionSla();
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
