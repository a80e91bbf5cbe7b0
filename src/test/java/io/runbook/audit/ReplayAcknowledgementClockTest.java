package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the auditor's replay says of the acknowledgement SLA of a SEV-2: the escalation column tells
 * the Team Lead at 30 minutes, but the SLA is breached only at its target, an hour after the report.
 */
@Tag("unit")
class ReplayAcknowledgementClockTest {

  static final Instant REPORTED = Instant.parse("2026-05-04T09:00:00Z");
  static final Instant NOTICE = REPORTED.plus(Duration.ofMinutes(30));
  static final Instant TARGET = REPORTED.plus(Duration.ofMinutes(60));

  private static Map<String, Object> sev2() {
    Map<String, Object> incident = new HashMap<>();
    incident.put(ProcessVariables.ACK_DUE, NOTICE);
    incident.put(ProcessVariables.ACK_TARGET, TARGET);
    incident.put(ProcessVariables.ACK_LEVEL, 0);
    return incident;
  }

  @Test
  void pastTheTeamLeadsNoticeButBeforeTheTargetTheSlaIsStillRunningToItsTarget() {
    IncidentReplay.Clock clock = IncidentReplay.acknowledgementClock(sev2(), false, NOTICE.plus(Duration.ofMinutes(5)));
    assertThat(clock.status()).isEqualTo("running");
    assertThat(clock.due()).isEqualTo(TARGET);
    assertThat(clock.remainingMillis()).isEqualTo(Duration.ofMinutes(25).toMillis());
  }

  @Test
  void afterTheBreachTheReplayShowsTheBreachAndTheNextEscalation() {
    Map<String, Object> incident = sev2();
    Instant next = TARGET.plus(Duration.ofMinutes(30));
    incident.put(ProcessVariables.ACK_BREACHED_AT, TARGET);
    incident.put(ProcessVariables.ACK_DUE, next);
    incident.put(ProcessVariables.ACK_LEVEL, 2);
    IncidentReplay.Clock clock = IncidentReplay.acknowledgementClock(incident, false, TARGET.plus(Duration.ofMinutes(1)));
    assertThat(clock.status()).isEqualTo("breached");
    assertThat(clock.due()).isEqualTo(next);
    assertThat(clock.breachedAt()).isEqualTo(TARGET);
  }

  @Test
  void acknowledgedInTimeIsMetAgainstTheTarget() {
    Map<String, Object> incident = sev2();
    incident.put(ProcessVariables.ACK_DUE, null);
    IncidentReplay.Clock clock = IncidentReplay.acknowledgementClock(incident, true, NOTICE.plus(Duration.ofMinutes(10)));
    assertThat(clock.status()).isEqualTo("met");
    assertThat(clock.due()).isEqualTo(TARGET);
  }
}
