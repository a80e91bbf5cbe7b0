package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Retention: Runbook's rows of an incident go when the engine's history cleanup removes the incident,
 * not before, and never those of an incident still running. Its own JVM (no tier tag): the history
 * cleanup with the clock a year ahead would remove every other test's finished incidents.
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
class IncidentRetentionTest {

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @Autowired IncidentRetention retention;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private ProcessInstance report(String title) {
    return runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", title, "source", "user-report", "proposedSeverity", "SEV-4", "description", "Slow search"));
  }

  private void complete(String processInstanceId, String activityId, Map<String, Object> values) {
    tasks.complete(tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).singleResult().getId(),
        values);
  }

  private void job(String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    management.executeJob(job.getId());
  }

  /** A SEV-4 incident from report to closing (no post-mortem), every job run by hand. */
  private void driveToEnd(ProcessInstance incident) {
    String id = incident.getId();
    complete(id, IncidentResponse.TRIAGE, Map.of("acknowledged", true, "title", "Search is slow", "severity", "SEV-4",
        "affectedSystems", "checkout-api", "affectedUsers", "some", "securityRelated", false, "dataBreachSuspected", false,
        "stakeholdersNotified", true));
    job(id, IncidentResponse.GATHER_RECENT_CHANGES);
    complete(id, IncidentResponse.INVESTIGATION, Map.of("recentChangesReviewed", true, "dashboardsChecked", true,
        "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Index missing"));
    String mitigation = runtime.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId();
    complete(mitigation, IncidentMitigation.MITIGATE, Map.of("mitigationAction", "quick-fix", "mitigationNotes", "Index added",
        "fixImplemented", true, "statusPageUpdated", false));
    job(mitigation, IncidentMitigation.VERIFY_HEALTH);
    job(mitigation, IncidentMitigation.MONITORING_WINDOW_TIMER);
    complete(id, IncidentResponse.CONFIRM_ROOT_CAUSE, Map.of("confirmedRootCause", "Index missing", "rootCauseConfirmed", true));
    complete(id, IncidentResponse.DEPLOY_PERMANENT_FIX, Map.of("permanentFix", "Index in migration", "fixReference", "PR-1",
        "fixDeployedThroughNormalProcess", true));
    complete(id, IncidentResponse.VERIFY_FIX, Map.of("fixVerifiedInProduction", true, "verificationNotes", "Fast again",
        "postMortemRequested", false, "closeTicket", true));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).as("ended").isZero();
  }

  private int rows(String incidentId) {
    int total = 0;
    for (String table : new String[] {"rb_alert", "rb_escalation_event", "rb_notification", "rb_incident_registry"}) {
      total += jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE incident_id = ?", Integer.class, incidentId);
    }
    return total;
  }

  private void alertRow(String incidentId) {
    jdbc.update("INSERT INTO rb_alert (incident_id, ingest_source, format, event_type, status, dedup_key, fingerprint, payload,"
        + " received_at, last_received_at, effective) VALUES (?, 'test', 'generic', 'trigger', 'firing', ?, ?, '{}',"
        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, TRUE)", incidentId, "key-" + incidentId, "fp-" + incidentId);
  }

  /** The engine's history cleanup, run by hand now (its job executed at once). */
  private void historyCleanup() {
    Job cleanup = history.cleanUpHistoryAsync(true);
    management.executeJob(cleanup.getId());
  }

  @Test
  void ourRowsOfAnIncidentGoWithItsHistoryAndOnlyThen() {
    ProcessInstance finished = report("Finished incident");
    driveToEnd(finished);
    ProcessInstance running = report("Running incident");
    alertRow(finished.getBusinessKey());
    alertRow(running.getBusinessKey());
    int finishedRows = rows(finished.getBusinessKey());
    int runningRows = rows(running.getBusinessKey());
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_notification WHERE incident_id = ?", Integer.class,
        finished.getBusinessKey())).as("the page to the on-call").isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_escalation_event WHERE incident_id = ?", Integer.class,
        finished.getBusinessKey())).isPositive();

    // A day before the end of the time-to-live (365 days): the history is kept, and so are our rows.
    Instant now = Instant.now();
    ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(364))));
    historyCleanup();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(finished.getId()).count()).isOne();
    assertThat(retention.sweep()).isZero();
    assertThat(rows(finished.getBusinessKey())).isEqualTo(finishedRows);

    // After it: the cleanup removes the incident and the process it called; the sweep removes our rows.
    ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(366))));
    historyCleanup();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(finished.getId()).count()).isZero();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(finished.getBusinessKey())
        .processDefinitionKey(IncidentMitigation.PROCESS_KEY).count()).isZero();
    assertThat(retention.sweep()).isEqualTo(1);
    assertThat(rows(finished.getBusinessKey())).isZero();
    // The running incident keeps everything; numbering goes on from the counter.
    assertThat(rows(running.getBusinessKey())).isEqualTo(runningRows);
    assertThat(retention.sweep()).isZero();
    ProcessInstance next = report("Next incident");
    assertThat(next.getBusinessKey()).isNotIn(finished.getBusinessKey(), running.getBusinessKey());
  }
}
