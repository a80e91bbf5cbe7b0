package io.runbook.report;

import io.runbook.api.PersonApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports/metrics?from=&to=}: MTTA, MTTR and SLA compliance per severity,
 * escalations per level, incidents per source and per affected system, over the incidents reported
 * in the period, drills excluded (docs/metrics.md). For managers, the CTO, team leads, auditors and
 * administrators ({@link MetricsReaders}); others get 403, a period that cannot be read 400.
 */
@RestController
@PersonApi
public class MetricsReportController {

  private final MetricsService metrics;
  private final MetricsReaders readers;
  private final MetricsProperties properties;

  public MetricsReportController(MetricsService metrics, MetricsReaders readers, MetricsProperties properties) {
    this.metrics = metrics;
    this.readers = readers;
    this.properties = properties;
  }

  @GetMapping("/api/reports/metrics")
  public MetricsReport metrics(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    readers.check();
    return metrics.report(Period.parse(from, to, MetricsService.now(), properties.defaultPeriod(), properties.maxPeriod()));
  }
}
