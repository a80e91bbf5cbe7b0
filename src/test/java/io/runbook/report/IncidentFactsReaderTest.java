package io.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.report.MetricsReport.SeverityFigures;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metrics read from what the real processes leave behind, on the engine clock: a SEV-1
 * acknowledged by a claim after 6 minutes, triaged, and closed by "Close incident ticket" after 90
 * (reached by process modification, standing in for investigation and mitigation); a SEV-2
 * nobody acknowledged within its hour (the timer fires, the Team Lead is told) and then claimed
 * after 70 minutes; a drill, left out. Everything happens in May 2031, a period no other test uses.
 */
@EngineTest
class IncidentFactsReaderTest {

  static final Instant T = Instant.parse("2031-05-05T09:00:00Z");

  @Autowired ProcessEngine engine;
  @Autowired MetricsService metrics;

  private final List<String> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    ClockUtil.reset();
    started.forEach(id -> {
      if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() > 0) {
        engine.getRuntimeService().deleteProcessInstance(id, "test done");
      }
    });
  }

  private void at(Duration afterT) {
    ClockUtil.setCurrentTime(Date.from(T.plus(afterT)));
  }

  private ProcessInstance raise(String severity, String affectedSystems, boolean drill) {
    Map<String, Object> alert = new HashMap<>();
    alert.put(ProcessVariables.TITLE, "Checkout is failing");
    alert.put(ProcessVariables.SOURCE, "monitoring");
    alert.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    if (affectedSystems != null) {
      alert.put(ProcessVariables.AFFECTED_SYSTEMS, affectedSystems);
    }
    if (drill) {
      alert.put(ProcessVariables.DRILL, true);
    }
    ProcessInstance incident = engine.getRuntimeService()
        .startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, alert);
    started.add(incident.getId());
    return incident;
  }

  private void claimTriage(ProcessInstance incident, String user) {
    String task = engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    engine.getTaskService().claim(task, user);
  }

  private void completeTriage(ProcessInstance incident, String severity, String affectedSystems) {
    String task = engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    Map<String, Object> triage = new HashMap<>();
    triage.put(ProcessVariables.ACKNOWLEDGED, true);
    triage.put(ProcessVariables.TITLE, "Checkout is failing");
    triage.put(ProcessVariables.SEVERITY, severity);
    triage.put(ProcessVariables.AFFECTED_SYSTEMS, affectedSystems);
    triage.put(ProcessVariables.AFFECTED_USERS, "all EU customers");
    triage.put(ProcessVariables.SECURITY_RELATED, false);
    triage.put(ProcessVariables.DATA_BREACH_SUSPECTED, false);
    triage.put("stakeholdersNotified", true);
    engine.getTaskService().complete(task, triage);
  }

  @Test
  void figuresMatchWhatTheProcessesRecorded() {
    at(Duration.ZERO);
    ProcessInstance sev1 = raise("SEV-1", null, false);
    at(Duration.ofMinutes(6));
    claimTriage(sev1, "responder");
    at(Duration.ofMinutes(8));
    completeTriage(sev1, "SEV-1", "checkout-api, payments");
    at(Duration.ofMinutes(90));
    engine.getRuntimeService().createProcessInstanceModification(sev1.getId())
        .startBeforeActivity(IncidentResponse.CLOSE_INCIDENT).execute();

    at(Duration.ofMinutes(10));
    ProcessInstance sev2 = raise("SEV-2", null, false);
    // The escalation column: an unacknowledged SEV-2 tells the Team Lead at 30 minutes, before the breach.
    Job inform = engine.getManagementService().createJobQuery().processInstanceId(sev2.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
    assertThat(inform.getDuedate()).isEqualTo(Date.from(T.plus(Duration.ofMinutes(40))));
    ClockUtil.setCurrentTime(inform.getDuedate());
    engine.getManagementService().executeJob(inform.getId());
    Job overdue = engine.getManagementService().createJobQuery().processInstanceId(sev2.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
    assertThat(overdue.getDuedate()).isEqualTo(Date.from(T.plus(Duration.ofMinutes(70))));
    ClockUtil.setCurrentTime(overdue.getDuedate());
    engine.getManagementService().executeJob(overdue.getId());
    at(Duration.ofMinutes(80));
    claimTriage(sev2, "lead");

    at(Duration.ofMinutes(20));
    ProcessInstance drill = raise("SEV-1", "checkout-api", true);
    claimTriage(drill, "responder");

    at(Duration.ofHours(3));
    MetricsReport report = metrics.report(new Period(T, T.plus(Duration.ofDays(1))));

    assertThat(report.incidents()).isEqualTo(2);
    assertThat(report.drillsExcluded()).isEqualTo(1);
    SeverityFigures one = report.bySeverity().get("SEV-1");
    assertThat(one.incidents()).isEqualTo(1);
    assertThat(one.mttaSeconds()).as("claimed 6 minutes after the alert").isEqualTo(360.0);
    assertThat(one.mttrSeconds()).as("closed 90 minutes after the alert").isEqualTo(5400.0);
    assertThat(one.acknowledgementSla().met()).isEqualTo(1);
    assertThat(one.acknowledgementSla().compliance()).isEqualTo(1.0);
    assertThat(one.resolutionSla().met()).isEqualTo(1);

    SeverityFigures two = report.bySeverity().get("SEV-2");
    assertThat(two.incidents()).isEqualTo(1);
    assertThat(two.acknowledged()).isEqualTo(1);
    assertThat(two.resolved()).isZero();
    assertThat(two.mttaSeconds()).as("claimed 70 minutes after the alert, past its hour").isEqualTo(4200.0);
    assertThat(two.mttrSeconds()).isNull();
    assertThat(two.acknowledgementSla().breached()).isEqualTo(1);
    assertThat(two.acknowledgementSla().compliance()).isEqualTo(0.0);
    assertThat(two.resolutionSla().compliance()).as("still open, not breached yet").isNull();

    // Level 1: the SEV-1's Team Lead told at once and the SEV-2's at 30 minutes (the escalation column);
    // level 2: the SEV-2's breach at its hour.
    assertThat(report.escalationsPerLevel()).containsExactly(entry("1", 2), entry("2", 1), entry("3", 0));
    assertThat(report.bySource()).containsEntry("monitoring", 2);
    assertThat(report.byAffectedSystem()).containsExactly(
        entry("checkout-api", 1), entry("payments", 1), entry("unspecified", 1));

    MetricsReport before = metrics.report(new Period(T.minus(Duration.ofDays(1)), T));
    assertThat(before.incidents()).as("an incident counts by when it was reported").isZero();
    assertThat(before.drillsExcluded()).isZero();
  }
}
