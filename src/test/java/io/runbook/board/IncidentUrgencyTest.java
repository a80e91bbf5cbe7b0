package io.runbook.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.incident.IncidentQuery;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SLA state and urgency order at a driven "now", from the variables the SLA clocks keep. */
@Tag("unit")
class IncidentUrgencyTest {

  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void aClockIsRunningThenBreachedAsTimePassesAndMetWhenStoppedInTime() {
    Instant due = NOW.plus(Duration.ofMinutes(10));
    assertThat(SlaState.of(false, due, null, 0, NOW)).extracting(SlaState::state, SlaState::secondsToBreach, SlaState::active)
        .containsExactly("running", 600L, true);
    SlaState late = SlaState.of(false, due, null, 0, NOW.plus(Duration.ofMinutes(11)));
    assertThat(late.state()).as("due passed, escalation not yet run").isEqualTo("breached");
    assertThat(late.breachedAt()).isEqualTo(due);
    assertThat(late.activeBreach()).isTrue();
    SlaState recorded = SlaState.of(false, due.plus(Duration.ofMinutes(10)), due, 1, NOW.plus(Duration.ofMinutes(12)));
    assertThat(recorded).extracting(SlaState::state, SlaState::breachedAt, SlaState::nextEscalationAt, SlaState::level)
        .containsExactly("breached", due, due.plus(Duration.ofMinutes(10)), 1);
    assertThat(SlaState.of(true, null, due, 1, NOW).activeBreach()).as("acknowledged late: breached, stopped").isFalse();
    assertThat(SlaState.of(true, null, null, 0, NOW).state()).isEqualTo("met");
    assertThat(SlaState.of(false, null, null, 0, NOW).state()).isEqualTo("not-started");
  }

  @Test
  void breachedFirstLongestOverdueFirstThenNearestBreachThenSeverityThenOldest() {
    List<BoardIncident> rows = new ArrayList<>(List.of(
        row("INC-A", "SEV-4", ack(NOW.plus(Duration.ofMinutes(5)), null), 60),
        row("INC-B", "SEV-2", ack(NOW.minus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(30)), NOW.minus(Duration.ofMinutes(5))), 50),
        row("INC-C", "SEV-1", ack(NOW.plus(Duration.ofMinutes(20)), null), 40),
        row("INC-D", "SEV-3", ack(NOW.plus(Duration.ofHours(3)), NOW.minus(Duration.ofMinutes(30))), 30),
        row("INC-E", "SEV-1", Map.of(ProcessVariables.ACKNOWLEDGED, true), 20),
        row("INC-F", "SEV-2", Map.of(ProcessVariables.ACKNOWLEDGED, true), 25),
        row("INC-G", "SEV-1", Map.of(ProcessVariables.ACKNOWLEDGED, true), 90)));
    rows.sort(IncidentBoard.URGENCY);
    assertThat(rows).extracting(BoardIncident::incidentId)
        .containsExactly("INC-D", "INC-B", "INC-A", "INC-C", "INC-G", "INC-E", "INC-F");
    assertThat(rows.get(0).secondsToBreach()).isEqualTo(-1800L);
    assertThat(rows.get(2).secondsToBreach()).isEqualTo(300L);
  }

  @Test
  void theNextStatusUpdateComesFromTheOpenTaskElseFromTheLastPublishedUpdate() {
    Map<String, Object> v = new HashMap<>();
    BoardIncident published = IncidentBoard.row(summary("INC-S"), NOW, v, Set.of(IncidentResponse.INVESTIGATION),
        null, NOW.minus(Duration.ofMinutes(10)));
    assertThat(published.nextStatusUpdateDue()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    assertThat(published.nextStatusUpdateFrom()).isEqualTo("last-update");
    BoardIncident task = IncidentBoard.row(summary("INC-S"), NOW, v,
        Set.of(IncidentResponse.STATUS_PAGE_UPDATE, IncidentResponse.INVESTIGATION),
        NOW.plus(Duration.ofMinutes(5)), null);
    assertThat(task.nextStatusUpdateDue()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(task.nextStatusUpdateFrom()).isEqualTo("status-page-task");
    assertThat(task.phase()).as("the status updates run beside the phases").isEqualTo("Investigation");
  }

  private static Map<String, Object> ack(Instant due, Instant breachedAt) {
    Map<String, Object> v = new HashMap<>();
    v.put(ProcessVariables.ACK_DUE, Date.from(due));
    if (breachedAt != null) {
      v.put(ProcessVariables.ACK_BREACHED_AT, Date.from(breachedAt));
      v.put(ProcessVariables.ACK_LEVEL, 1);
    }
    return v;
  }

  private static BoardIncident row(String id, String severity, Map<String, Object> variables, int minutesAgo) {
    Map<String, Object> v = new HashMap<>(variables);
    v.put(ProcessVariables.SEVERITY, severity);
    v.put(ProcessVariables.REPORTED_AT, Date.from(NOW.minus(Duration.ofMinutes(minutesAgo))));
    return IncidentBoard.row(summary(id), NOW, v, Set.of(IncidentResponse.TRIAGE), null, null);
  }

  private static IncidentQuery.Summary summary(String id) {
    return new IncidentQuery.Summary(id, "title " + id, "open", "SEV-3", false, "monitoring", null, null, "pi-" + id,
        NOW.atOffset(ZoneOffset.UTC), null, 0, 0, null);
  }
}
