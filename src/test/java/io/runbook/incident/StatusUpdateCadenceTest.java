package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.*;
import static io.runbook.incident.IncidentMail.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.util.GreenMail;
import io.runbook.communication.DispatchByHand;
import io.runbook.communication.LocalChatWebhook;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.communication.NotificationOutbox;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.statuspage.PrepareStatusUpdateListener;
import io.runbook.tasklist.TaskUrgency;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Status updates on a cadence (issue 15 point 3): Communications is asked for the next update when
 * the last one promised it, a missed one reaches the Incident Commander, the proposed state follows
 * the phase, closing posts Resolved, and every public update reaches the stakeholders (GreenMail).
 * Timers are fired by hand at their due time on the engine clock; the dispatcher runs by hand.
 * Configuration as shipped: SEV-1 every 30 min, the first update within 15 min, 10 min grace.
 */
@EngineTest
class StatusUpdateCadenceTest {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired NotificationOutbox outbox;
  @Autowired IncidentSummaries summaries;
  @Autowired JdbcTemplate jdbc;

  GreenMail smtp;
  LocalChatWebhook chat;

  @BeforeEach
  void start() {
    init(engine);
    at(T0);
    smtp = IncidentMail.startSmtp();
    chat = new LocalChatWebhook(TestPorts.WEBHOOK);
  }

  @AfterEach
  void stop() {
    ClockUtil.reset();
    smtp.stop();
    chat.close();
  }

  @Test
  void thePromisedTimeAsksAgainAndAMissedUpdateReachesTheIncidentCommander() throws Exception {
    ProcessInstance incident = assembled("SEV-1", false);

    Task first = task(IncidentResponse.STATUS_PAGE_UPDATE, incident);
    assertThat(first).isAssignedTo("comms");
    assertThat(first.getName()).isEqualTo("SEV-1 · Post status update");
    assertThat(first.getDueDate().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(tasks.getVariable(first.getId(), ProcessVariables.STATUS_PAGE_STATUS)).isEqualTo("Investigating");
    assertThat(tasks.getVariable(first.getId(), ProcessVariables.STATUS_NEXT_UPDATE_MINUTES)).isEqualTo(30L);

    at(T0.plus(Duration.ofMinutes(5)));
    post(incident, "Investigating", 30L);
    assertThat(rows(incident)).singleElement().satisfies(row -> {
      assertThat(row).containsEntry("STATUS", "Investigating");
      assertThat(((OffsetDateTime) row.get("NEXT_UPDATE_DUE")).toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(35)));
    });
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).count()).as("nothing asked before the promised time").isZero();
    Job next = job(IncidentResponse.NEXT_STATUS_UPDATE_TIMER, incident);
    assertThat(next.getDuedate().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(35)));

    // The promised time comes: Communications is asked again, due now.
    at(T0.plus(Duration.ofMinutes(35)));
    execute(next);
    Task second = task(IncidentResponse.STATUS_PAGE_UPDATE, incident);
    assertThat(second).isAssignedTo("comms");
    assertThat(second.getDueDate().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(35)));
    assertThat(tasks.getVariable(second.getId(), ProcessVariables.STATUS_ISSUE))
        .as("the last posted wording is proposed again").isEqualTo("failed payments at checkout");

    // Nobody posts: due + 10 minutes' grace, the Incident Commander hears of it.
    Job missed = job(IncidentResponse.STATUS_UPDATE_MISSED, incident);
    assertThat(missed.getDuedate().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
    at(T0.plus(Duration.ofMinutes(45)));
    smtp.purgeEmailFromAllMailboxes();
    execute(missed);
    DispatchByHand.send(dispatcher, incident.getBusinessKey());

    assertThat(mailsTo(smtp, "lead@runbook.local", incident)).singleElement().asString()
        .contains("status update overdue", "The status update promised for 2026-12-01 09:35 UTC has not been posted",
            "\"Post status update\" is with @comms");
    Task overdue = task(IncidentResponse.STATUS_PAGE_UPDATE, incident);
    assertThat(overdue.getId()).as("the task stays open with Communications").isEqualTo(second.getId());
    assertThat(overdue).isAssignedTo("comms");
    assertThat(overdue.getName()).isEqualTo("SEV-1 · " + TaskUrgency.OVERDUE + " · Post status update");
    assertThat(overdue.getPriority()).isGreaterThan(second.getPriority());

    // Posted late: the next one is promised from now, and the overdue mark is gone from the next ask.
    at(T0.plus(Duration.ofMinutes(50)));
    post(incident, "Investigating", 15L);
    assertThat(rows(incident)).hasSize(2);
    Job third = job(IncidentResponse.NEXT_STATUS_UPDATE_TIMER, incident);
    assertThat(third.getDuedate().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(65)));
    at(T0.plus(Duration.ofMinutes(65)));
    execute(third);
    assertThat(task(IncidentResponse.STATUS_PAGE_UPDATE, incident).getName()).isEqualTo("SEV-1 · Post status update");
  }

  @Test
  void everyPublicUpdateReachesTheStakeholdersOfTheSeverity() throws Exception {
    ProcessInstance incident = assembled("SEV-2", false);
    smtp.purgeEmailFromAllMailboxes();

    post(incident, "Investigating", 60L);
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
    assertThat(mailsTo(smtp, "stakeholders@runbook.local", incident)).singleElement().asString()
        .contains("status page updated: Investigating", "The public status page now says:",
            "We are currently investigating failed payments at checkout.", "Next update in 60 minutes.");

    at(T0.plus(Duration.ofMinutes(60)));
    execute(job(IncidentResponse.NEXT_STATUS_UPDATE_TIMER, incident));
    post(incident, "Identified", 60L);
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
    assertThat(mailsTo(smtp, "stakeholders@runbook.local", incident)).hasSize(2).last().asString()
        .contains("status page updated: Identified", "We have identified the cause of failed payments at checkout");
    assertThat(chat.received()).filteredOn(post -> post.body().contains(incident.getBusinessKey())
        && post.body().contains("status page updated")).hasSize(2);
  }

  @Test
  void theProposedStateFollowsThePhaseAndCommunicationsMayChangeIt() {
    ProcessInstance incident = assembled("SEV-1", false);
    assertThat(proposed(incident)).isEqualTo("Investigating");
    post(incident, "Investigating", 30L);

    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    askAgain(incident, 30);
    assertThat(proposed(incident)).as("mitigation started").isEqualTo("Identified");
    post(incident, "Investigating", 30L);
    assertThat(latestRow(incident)).as("Communications chose otherwise").containsEntry("STATUS", "Investigating");

    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER);
    askAgain(incident, 60);
    assertThat(proposed(incident)).as("watching for recurrence").isEqualTo("Monitoring");
    post(incident, "Monitoring", 30L);

    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    assertThat(incident).isWaitingAt(IncidentResponse.CONFIRM_ROOT_CAUSE);
    askAgain(incident, 90);
    assertThat(proposed(incident)).as("mitigated, permanent fix under way").isEqualTo("Monitoring");

    closeFromResolution(incident);
    assertThat(latestRow(incident)).as("closing").containsEntry("STATUS", "Resolved");
  }

  @Test
  void closingPostsOneResolvedUpdateEndsTheCadenceAndLeavesTheStakeholdersToTheClosureNotice() throws Exception {
    ProcessInstance incident = assembled("SEV-1", false);
    post(incident, "Identified", 30L);
    askAgain(incident, 30);
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
    smtp.purgeEmailFromAllMailboxes();

    at(T0.plus(Duration.ofMinutes(40)));
    closeFromResolution(incident);
    DispatchByHand.send(dispatcher, incident.getBusinessKey());

    List<Map<String, Object>> rows = rows(incident);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).containsEntry("STATUS", "Resolved").containsEntry("TITLE", "failed payments at checkout")
        .containsEntry("NEXT_UPDATE_DUE", null);
    assertThat((String) rows.get(1).get("BODY")).startsWith("Resolved\n\nThe incident with failed payments at checkout has been resolved.")
        .doesNotContain("Next update");
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).count()).as("the open ask is withdrawn").isZero();
    assertThat(management.createJobQuery().processInstanceId(incident.getId()).activityId(IncidentResponse.STATUS_UPDATE_MISSED)
        .count() + management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.NEXT_STATUS_UPDATE_TIMER).count()).as("no cadence timer left").isZero();
    assertThat(incident).hasPassed(IncidentResponse.PUBLISH_RESOLVED_STATUS_UPDATE, IncidentResponse.END_STATUS_UPDATES_CLOSED);
    assertThat(mailsTo(smtp, "stakeholders@runbook.local", incident)).as("the closure notice, not a second Resolved mail")
        .singleElement().asString().contains("RESOLVED: Checkout is failing").doesNotContain("status page updated");

    // The status updates are not started again once closed (the process waits at its post-mortem).
    runtime.createProcessInstanceModification(incident.getId())
        .startBeforeActivity(IncidentResponse.THROW_STATUS_UPDATES_REQUIRED).execute();
    assertThat(rows(incident)).hasSize(2);
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).count()).isZero();
  }

  @Test
  void aResolvedUpdateByCommunicationsEndsTheCadenceAndClosingDoesNotRepeatIt() {
    ProcessInstance incident = assembled("SEV-2", false);
    post(incident, "Resolved", 60L);
    assertThat(latestRow(incident)).containsEntry("STATUS", "Resolved").containsEntry("NEXT_UPDATE_DUE", null);
    assertThat(incident).hasPassed(IncidentResponse.END_STATUS_UPDATES_RESOLVED);
    assertThat(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.NEXT_STATUS_UPDATE_TIMER).count()).isZero();

    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    closeFromResolution(incident);
    assertThat(rows(incident)).hasSize(1);
  }

  @Test
  void throwingTheEscalationTwiceStartsOneCadence() {
    ProcessInstance incident = assembled("SEV-1", false);

    runtime.createProcessInstanceModification(incident.getId())
        .startBeforeActivity(IncidentResponse.THROW_STATUS_UPDATES_REQUIRED).execute();
    runtime.createProcessInstanceModification(incident.getId())
        .startBeforeActivity(IncidentResponse.THROW_STATUS_UPDATES_REQUIRED).execute();

    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).count()).isEqualTo(1);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.STATUS_UPDATES_SUBPROCESS).count()).as("each throw is caught").isEqualTo(3);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.END_STATUS_UPDATES_ALREADY_RUNNING).count()).as("the repeats start nothing").isEqualTo(2);
    assertThat(runtime.getVariables(incident.getId())).as("the cadence's fields stay inside it")
        .containsEntry(ProcessVariables.STATUS_UPDATES_RUNNING, true)
        .doesNotContainKeys(ProcessVariables.STATUS_PAGE_STATUS, ProcessVariables.STATUS_UPDATE_DUE,
            ProcessVariables.STATUS_UPDATES_START, "statusPageMessage", "statusPagePublished");

    post(incident, "Investigating", 30L);
    assertThat(rows(incident)).hasSize(1);
    assertThat(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.NEXT_STATUS_UPDATE_TIMER).count()).isEqualTo(1);
  }

  @Test
  void theSummaryReadsThePostedUpdateAndTheStoredNotificationNamesTheIncidentCommander() {
    ProcessInstance incident = assembled("SEV-1", false);
    IncidentSummaries.Summary before = summaries.of(incident.getBusinessKey());
    assertThat(before.publicState()).isEqualTo(IncidentSummaries.DEFAULT_PUBLIC_STATE);
    assertThat(before.lastUpdateAt()).isNull();
    assertThat(before.nextUpdateDue()).as("the first update's due time").isEqualTo(T0.plus(Duration.ofMinutes(15)).atOffset(ZoneOffset.UTC));
    assertThat(before.incidentCommander()).isEqualTo("lead");
    assertThat((String) runtime.getVariable(incident.getId(), ProcessVariables.INITIAL_NOTIFICATION))
        .contains("IC: @lead").doesNotContain("not yet assigned");

    at(T0.plus(Duration.ofMinutes(7)));
    post(incident, "Identified", 20L);
    IncidentSummaries.Summary after = summaries.of(incident.getBusinessKey());
    assertThat(after.publicState()).isEqualTo("Identified");
    assertThat(after.lastUpdateAt()).isEqualTo(T0.plus(Duration.ofMinutes(7)).atOffset(ZoneOffset.UTC));
    assertThat(after.nextUpdateDue()).isEqualTo(T0.plus(Duration.ofMinutes(27)).atOffset(ZoneOffset.UTC));

    // A posted row is what counts, whatever a process variable of the same name says.
    runtime.setVariable(incident.getId(), ProcessVariables.STATUS_PAGE_STATUS, "Resolved");
    assertThat(summaries.of(incident.getBusinessKey()).publicState()).isEqualTo("Identified");
  }

  @Test
  void aDrillRehearsesTheCadenceButPostsNothingAndTellsNoStakeholder() throws Exception {
    ProcessInstance drill = assembled("SEV-1", true);
    smtp.purgeEmailFromAllMailboxes();
    assertThat((String) tasks.getVariable(task(IncidentResponse.STATUS_PAGE_UPDATE, drill).getId(),
        ProcessVariables.STATUS_UPDATE_DRAFT)).startsWith(PrepareStatusUpdateListener.NOT_PUBLISHED_IN_DRILLS);

    post(drill, "Investigating", 30L);
    DispatchByHand.send(dispatcher, drill.getBusinessKey());

    assertThat(rows(drill)).isEmpty();
    assertThat(mailsTo(smtp, "stakeholders@runbook.local", drill)).isEmpty();
    assertThat(job(IncidentResponse.NEXT_STATUS_UPDATE_TIMER, drill)).as("the cadence is rehearsed").isNotNull();
  }

  // --- helpers

  private static void at(Instant now) {
    ClockUtil.setCurrentTime(Date.from(now));
  }

  private ProcessInstance assembled(String severity, boolean drill) {
    Map<String, Object> report = new HashMap<>(report("Checkout is failing", severity));
    if (drill) {
      report.put(ProcessVariables.DRILL, true);
    }
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);
    complete(task(IncidentResponse.TRIAGE, incident), triage(severity));
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
    return incident;
  }

  private void post(ProcessInstance incident, String status, long nextMinutes) {
    Map<String, Object> update = new HashMap<>();
    update.put(ProcessVariables.STATUS_PAGE_STATUS, status);
    update.put(ProcessVariables.STATUS_ISSUE, "failed payments at checkout");
    update.put(ProcessVariables.STATUS_IMPACT, "Some customers cannot pay");
    update.put(ProcessVariables.STATUS_NEXT_UPDATE_MINUTES, nextMinutes);
    complete(task(IncidentResponse.STATUS_PAGE_UPDATE, incident), update);
  }

  /** Fires the next-update timer at its due time, {@code minutes} after T0 at the latest. */
  private void askAgain(ProcessInstance incident, int minutes) {
    Job next = job(IncidentResponse.NEXT_STATUS_UPDATE_TIMER, incident);
    at(next.getDuedate().toInstant());
    assertThat(next.getDuedate().toInstant()).isBeforeOrEqualTo(T0.plus(Duration.ofMinutes(minutes)));
    execute(next);
  }

  private String proposed(ProcessInstance incident) {
    return (String) tasks.getVariable(task(IncidentResponse.STATUS_PAGE_UPDATE, incident).getId(),
        ProcessVariables.STATUS_PAGE_STATUS);
  }

  private void closeFromResolution(ProcessInstance incident) {
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(false));
    assertThat(incident).hasPassed(IncidentResponse.CLOSE_INCIDENT);
  }

  private List<Map<String, Object>> rows(ProcessInstance incident) {
    return jdbc.queryForList("SELECT status, title, body, impact, next_update_due FROM rb_status_update"
        + " WHERE incident_id = ? ORDER BY id", incident.getBusinessKey());
  }

  private Map<String, Object> latestRow(ProcessInstance incident) {
    List<Map<String, Object>> rows = rows(incident);
    return rows.get(rows.size() - 1);
  }
}
