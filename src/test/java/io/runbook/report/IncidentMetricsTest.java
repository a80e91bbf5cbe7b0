package io.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.runbook.api.ApiProblem;
import io.runbook.report.MetricsReport.SeverityFigures;
import io.runbook.triage.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The report's arithmetic over incidents with known times, against figures computed by hand: three
 * SEV-1 and two SEV-2 incidents, a SEV-1 drill that must not count, one acknowledgement and one
 * resolution breach.
 */
@Tag("unit")
class IncidentMetricsTest {

  static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  static final Period DAY = new Period(T0, T0.plus(Duration.ofDays(1)));

  private static Instant at(Duration offset) {
    return T0.plus(offset);
  }

  private static IncidentFacts incident(String id, Severity severity, String source, List<String> systems,
      Duration reported, Duration toAcknowledge, Duration toClose, boolean ackBreached, boolean resolutionBreached,
      List<Integer> escalationLevels, boolean drill) {
    Instant reportedAt = at(reported);
    return new IncidentFacts(id, severity, source, systems, reportedAt,
        toAcknowledge == null ? null : reportedAt.plus(toAcknowledge), toClose == null ? null : reportedAt.plus(toClose),
        ackBreached, resolutionBreached, escalationLevels, drill);
  }

  static final List<IncidentFacts> INCIDENTS = List.of(
      // SEV-1: acknowledged after 5, 10 and 30 minutes (the last one breached its 15 minutes and went
      // to levels 1 and 2), closed after 2, 3 and 5 hours (the last one breached its 4 hours: level 1).
      incident("INC-1", Severity.SEV1, "monitoring", List.of("checkout-api"), Duration.ZERO,
          Duration.ofMinutes(5), Duration.ofHours(2), false, false, List.of(), false),
      incident("INC-2", Severity.SEV1, "monitoring", List.of("checkout-api", "payments"), Duration.ofHours(1),
          Duration.ofMinutes(10), Duration.ofHours(3), false, false, List.of(), false),
      incident("INC-3", Severity.SEV1, "monitoring", List.of("payments"), Duration.ofHours(2),
          Duration.ofMinutes(30), Duration.ofHours(5), true, true, List.of(1, 2, 1), false),
      // SEV-2: acknowledged after 20 and 40 minutes; one still open, one closed after 6 hours.
      incident("INC-4", Severity.SEV2, "user-report", List.of(), Duration.ofHours(3),
          Duration.ofMinutes(20), null, false, false, List.of(), false),
      incident("INC-5", Severity.SEV2, "support-ticket", List.of("search"), Duration.ofHours(4),
          Duration.ofMinutes(40), Duration.ofHours(6), false, false, List.of(), false),
      // A drill: quick, escalated, and in no figure.
      incident("INC-6", Severity.SEV1, "monitoring", List.of("checkout-api"), Duration.ofHours(5),
          Duration.ofMinutes(1), Duration.ofMinutes(10), true, false, List.of(1), true));

  @Test
  void mttaMttrAndSlaComplianceMatchTheFiguresComputedByHand() {
    MetricsReport report = IncidentMetrics.compute(DAY, INCIDENTS, 3, 100);

    assertThat(report.incidents()).isEqualTo(5);
    assertThat(report.drillsExcluded()).isEqualTo(1);
    assertThat(report.bySeverity()).containsOnlyKeys("SEV-1", "SEV-2", "SEV-3", "SEV-4");

    SeverityFigures sev1 = report.bySeverity().get("SEV-1");
    assertThat(sev1.incidents()).isEqualTo(3);
    assertThat(sev1.acknowledged()).isEqualTo(3);
    assertThat(sev1.resolved()).isEqualTo(3);
    assertThat(sev1.mttaSeconds()).as("(300 + 600 + 1800) / 3").isEqualTo(900.0);
    assertThat(sev1.mttrSeconds()).as("(7200 + 10800 + 18000) / 3").isEqualTo(12000.0);
    assertThat(sev1.acknowledgementSla().met()).isEqualTo(2);
    assertThat(sev1.acknowledgementSla().breached()).isEqualTo(1);
    assertThat(sev1.acknowledgementSla().compliance()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(sev1.resolutionSla().met()).isEqualTo(2);
    assertThat(sev1.resolutionSla().breached()).isEqualTo(1);

    SeverityFigures sev2 = report.bySeverity().get("SEV-2");
    assertThat(sev2.incidents()).isEqualTo(2);
    assertThat(sev2.acknowledged()).isEqualTo(2);
    assertThat(sev2.resolved()).isEqualTo(1);
    assertThat(sev2.mttaSeconds()).as("(1200 + 2400) / 2").isEqualTo(1800.0);
    assertThat(sev2.mttrSeconds()).as("the closed one: 6 h").isEqualTo(21600.0);
    assertThat(sev2.acknowledgementSla().compliance()).isEqualTo(1.0);
    assertThat(sev2.resolutionSla().met()).as("the open one is pending, in neither count").isEqualTo(1);
    assertThat(sev2.resolutionSla().breached()).isZero();
    assertThat(sev2.resolutionSla().compliance()).isEqualTo(1.0);

    SeverityFigures sev3 = report.bySeverity().get("SEV-3");
    assertThat(sev3.incidents()).isZero();
    assertThat(sev3.mttaSeconds()).isNull();
    assertThat(sev3.mttrSeconds()).isNull();
    assertThat(sev3.acknowledgementSla().compliance()).isNull();

    assertThat(report.escalationsPerLevel()).containsExactly(entry("1", 2), entry("2", 1), entry("3", 0));
    assertThat(report.bySource()).containsEntry("monitoring", 3).containsEntry("user-report", 1)
        .containsEntry("support-ticket", 1).containsEntry("security-scan", 0).hasSize(7);
    assertThat(report.byAffectedSystem()).containsExactly(
        entry("checkout-api", 2), entry("payments", 2), entry("search", 1), entry("unspecified", 1));
  }

  @Test
  void affectedSystemsPastTheLimitAreSummedAsOther() {
    MetricsReport report = IncidentMetrics.compute(DAY, INCIDENTS, 3, 2);
    assertThat(report.byAffectedSystem()).containsExactly(entry("checkout-api", 2), entry("payments", 2), entry("other", 2));
  }

  @Test
  void noIncidentsGiveZerosAndNoMeans() {
    MetricsReport report = IncidentMetrics.compute(DAY, List.of(), 3, 100);
    assertThat(report.incidents()).isZero();
    assertThat(report.bySeverity().values()).allSatisfy(figures -> {
      assertThat(figures.mttaSeconds()).isNull();
      assertThat(figures.resolutionSla().compliance()).isNull();
    });
    assertThat(report.escalationsPerLevel()).containsOnlyKeys("1", "2", "3");
  }

  @Test
  void aPeriodIsReadFromInstantsOrDatesAndDefaultsToTheLast30Days() {
    Instant now = Instant.parse("2026-05-10T12:00:00Z");
    Duration thirty = Duration.ofDays(30);
    Duration max = Duration.ofDays(400);
    assertThat(Period.parse(null, null, now, thirty, max)).isEqualTo(new Period(now.minus(thirty), now));
    assertThat(Period.parse("2026-05-01", "2026-05-01", now, thirty, max)).as("a date as 'to' includes that day")
        .isEqualTo(new Period(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z")));
    assertThat(Period.parse("2026-05-01T10:00:00+02:00", "2026-05-01T09:00:00Z", now, thirty, max))
        .isEqualTo(new Period(Instant.parse("2026-05-01T08:00:00Z"), Instant.parse("2026-05-01T09:00:00Z")));
    assertThat(Period.parse(null, "2026-04-30T00:00:00Z", now, thirty, max).from())
        .isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
  }

  @Test
  void aPeriodThatCannotBeReadIsA400NamingTheParameter() {
    Instant now = Instant.parse("2026-05-10T12:00:00Z");
    Duration thirty = Duration.ofDays(30);
    Duration max = Duration.ofDays(400);
    assertThatThrownBy(() -> Period.parse("last week", null, now, thirty, max))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
          assertThat(p.getMessage()).contains("parameter 'from'").contains("last week");
        });
    assertThatThrownBy(() -> Period.parse(null, "2026-13-01", now, thirty, max))
        .hasMessageContaining("parameter 'to'");
    assertThatThrownBy(() -> Period.parse("2026-05-02", "2026-05-01T00:00:00Z", now, thirty, max))
        .hasMessageContaining("parameter 'from'").hasMessageContaining("must be before 'to'");
    assertThatThrownBy(() -> Period.parse("2024-01-01", "2026-01-01", now, thirty, max))
        .hasMessageContaining("longer than 400 days");
  }
}
