package io.runbook.report;

import io.runbook.escalation.ContactDirectory;
import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;

/** The incident metrics over a period: the facts from history, the arithmetic of {@link IncidentMetrics}. */
@Service
public class MetricsService {

  /** The report names at most this many affected systems; the rest are summed as "other". */
  static final int REPORT_MAX_SYSTEMS = 100;

  private final IncidentFactsReader reader;
  private final ContactDirectory contacts;

  public MetricsService(IncidentFactsReader reader, ContactDirectory contacts) {
    this.reader = reader;
    this.contacts = contacts;
  }

  public MetricsReport report(Period period) {
    return report(period, REPORT_MAX_SYSTEMS);
  }

  MetricsReport report(Period period, int maxSystems) {
    return IncidentMetrics.compute(period, reader.reportedIn(period), contacts.levels(), maxSystems);
  }

  /** The engine's clock, the one incidents are stamped with (tests move it with ClockUtil). */
  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
