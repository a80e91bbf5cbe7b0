package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbook.communication.DispatchByHand;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import io.runbook.testing.WebTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14: an auditor replays a SEV-1 incident from its first alert to the published post-mortem.
 *
 * <p>One security-related data-breach incident is opened by an alert (and a duplicate), escalated by
 * its acknowledgement timer (fired by hand at its due time), claimed, triaged, given a team, reviewed by
 * Legal and Security (Legal's words carry a marker unique to this run), investigated with the recent
 * changes script, mitigated by a rollback the Incident Commander approves (rollback and health scripts
 * run, the health-check interval and the monitoring window fired by hand), resolved and post-mortemed.
 * Every person acts over HTTP as themselves; the engine clock moves a minute per step, so the order
 * of the timeline is the order of the steps.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentAuditTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired JdbcTemplate jdbc;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String legalMarker = "LegalAuditMarker-" + run;
  final String title = "Checkout data exposed " + run;

  String incidentId;
  String rootId;
  IncidentDriver driver;
  final Map<String, Instant> at = new LinkedHashMap<>();



  /** The engine clock moves one minute; the step's instant is remembered under its name. */
  private void step(String name) {
    at.put(name, driver.step());
  }


  private String called(String key) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(rootId).processDefinitionKey(key).singleResult().getId();
  }

  private String mitigation() {
    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(IncidentMitigation.PROCESS_KEY).singleResult().getId();
  }



  /** A timer fired by hand at its due time on the engine clock. */
  private void fireTimer(String processInstanceId, String activityId, String stepName) {
    at.put(stepName, driver.fireTimer(processInstanceId, activityId));
  }

  private ResponseEntity<Map> alert(String summary) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth("test-generic-token-0001");
    headers.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> body = Map.of("title", title, "source", "health-check", "severity", "critical",
        "dedupKey", "audit-" + run, "description", summary, "labels", Map.of("service", "checkout-api"));
    return http.postForEntity("/api/alerts", new HttpEntity<>(body, headers), Map.class);
  }

  @BeforeAll
  void anIncidentFromFirstAlertToPublishedPostMortem() {
    driver = new IncidentDriver(http, tasks, management);
    // Detection: an alert opens the incident, a duplicate lands on it (told to the process by the sync).
    ResponseEntity<Map> opened = alert("GET /health answered 503");
    assertThat(opened.getStatusCode()).as("%s", opened.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    incidentId = (String) opened.getBody().get("incidentId");
    assertThat(alert("GET /health answered 503 again").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT alert_count FROM rb_incident_registry WHERE incident_id = ?", Integer.class, incidentId) == 2);
    rootId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).singleResult().getId();
    at.put("opened", driver.startClock());
    step("paged");
    // The page the incident's creation asked for is sent (no SMTP server: it is handed to a process that retries).
    DispatchByHand.send(dispatcher, incidentId);

    // Triage: nobody acknowledges in time; the acknowledgement timer escalates, then a responder claims and triages.
    fireTimer(rootId, IncidentResponse.ACK_OVERDUE, "escalated");
    step("claimed");
    Task triage = driver.task(rootId, IncidentResponse.TRIAGE);
    assertThat(driver.as("responder").postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "responder"), String.class,
        triage.getId()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    step("triaged");
    Map<String, Object> triaged = new HashMap<>(Map.of("acknowledged", true, "title", title, "severity", "SEV-1",
        "affectedSystems", "checkout-api", "affectedUsers", "all EU customers", "securityRelated", true,
        "dataBreachSuspected", true, "stakeholdersNotified", true));
    driver.complete("responder", triage, triaged);

    // Response team assembly, with lead as Incident Commander.
    step("team");
    Map<String, Object> team = Map.of(ProcessVariables.INCIDENT_COMMANDER, "lead", ProcessVariables.TECHNICAL_LEAD, "responder",
        ProcessVariables.COMMUNICATIONS_LEAD, "comms", ProcessVariables.SCRIBE, "manager", "channelCreated", true,
        "teamAssembled", true);
    ResponseEntity<String> assembled = driver.as("lead").postForEntity("/engine-rest/task/{id}/submit-form", IncidentDriver.rest(team), String.class,
        driver.task(rootId, IncidentResponse.ASSEMBLE_TEAM).getId());
    assertThat(assembled.getStatusCode()).as("%s", assembled.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

    // Investigation starts with the recent-changes script.
    step("recentChanges");
    driver.runJob(rootId, IncidentResponse.GATHER_RECENT_CHANGES);

    // Legal and Security review, need-to-know.
    step("legal");
    Task legal = tasks.createTaskQuery().processInstanceId(called(LegalReview.PROCESS_KEY)).singleResult();
    assertThat(driver.as("legal").postForEntity("/engine-rest/task/{id}/comment/create",
        Map.of("message", "Regulator call: " + legalMarker), Map.class, legal.getId()).getStatusCode()).isEqualTo(HttpStatus.OK);
    driver.complete("legal", legal, Map.of("breachConfirmed", "confirmed",
        "notificationObligations", "Notify the regulator within 72 hours: " + legalMarker, "legalNotes", "Counsel: " + legalMarker));
    // A confirmed breach: Legal signs off at once, so closing does not wait (issue 16).
    driver.complete("legal", driver.task(called(LegalReview.PROCESS_KEY), LegalReview.LEGAL_SIGN_OFF), Map.of("breachConfirmed",
        "confirmed", "notificationObligations", "Regulator notified: " + legalMarker, "closingSignedOff", true));
    step("security");
    driver.complete("security", tasks.createTaskQuery().processInstanceId(called(SecurityReview.PROCESS_KEY)).singleResult(),
        Map.of("securityFindings", "Token leak contained", "threatContained", true, "securityActions", "Rotated keys"));

    step("statusPage");
    driver.complete("comms", driver.task(rootId, IncidentResponse.STATUS_PAGE_UPDATE), Map.of("statusPageStatus", "Investigating",
        "statusIssue", "failed payments at checkout", "statusImpact", "Some customers cannot pay", "statusNextUpdateMinutes", 30));
    step("investigated");
    driver.complete("responder", driver.task(rootId, IncidentResponse.INVESTIGATION), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true,
        "rootCause", "Release 4.2 exhausted the payment connection pool"));

    // Mitigation: a rollback, approved by the Incident Commander, run, verified and watched.
    step("rollbackRequested");
    String mitigation = mitigation();
    driver.complete("responder", driver.task(mitigation, IncidentMitigation.MITIGATE), Map.of("mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change since the last good state", "statusPageUpdated", true));
    step("rollbackApproved");
    driver.complete("lead", driver.task(mitigation, IncidentMitigation.APPROVE_ROLLBACK), Map.of("rollbackApproval", "approved",
        "rollbackApprovalComment", "Go, 4.2 is the only change"));
    step("rolledBack");
    driver.runJob(mitigation, IncidentMitigation.ROLLBACK);
    step("verified");
    driver.runJob(mitigation, IncidentMitigation.VERIFY_HEALTH);
    fireTimer(mitigation, IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER, "healthCheckInterval");
    driver.runJob(mitigation, IncidentMitigation.PERIODIC_HEALTH_CHECK);
    fireTimer(mitigation, IncidentMitigation.MONITORING_WINDOW_TIMER, "mitigated");

    // Resolution and post-mortem.
    step("rootCause");
    driver.complete("responder", driver.task(rootId, IncidentResponse.CONFIRM_ROOT_CAUSE),
        Map.of("confirmedRootCause", "Connection pool size regression in 4.2", "rootCauseConfirmed", true));
    step("fixDeployed");
    driver.complete("responder", driver.task(rootId, IncidentResponse.DEPLOY_PERMANENT_FIX), Map.of("permanentFix",
        "Pool size from configuration", "fixReference", "PR-1234", "fixDeployedThroughNormalProcess", true));
    step("closed");
    driver.complete("responder", driver.task(rootId, IncidentResponse.VERIFY_FIX), Map.of("fixVerifiedInProduction", true,
        "verificationNotes", "Error rate back to baseline", "postMortemRequested", false, "closeTicket", true));
    step("postMortemPrepared");
    driver.runJob(rootId, IncidentResponse.PREPARE_POST_MORTEM);
    step("postMortem");
    Map<String, Object> postMortem = new HashMap<>();
    postMortem.put("pmSummary", "Checkout failed after release 4.2");
    postMortem.put("timeline", runtime.getVariable(rootId, ProcessVariables.TIMELINE));
    postMortem.put("pmRootCause", "Connection pool size regression");
    postMortem.put("pmUsersAffected", 1200);
    postMortem.put("pmDurationMinutes", 40);
    postMortem.put("pmRevenueImpact", 5000);
    postMortem.put("pmWentWell", "Fast rollback");
    postMortem.put("pmCouldImprove", "Load test pool settings");
    postMortem.put("pmActionItems", "Alert on pool saturation - responder - 2026-12-15");
    postMortem.put("pmLessonsLearned", "Configuration belongs in review too.");
    driver.complete("lead", driver.task(rootId, IncidentResponse.POST_MORTEM), postMortem);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(rootId).count()).as("finished").isZero();
  }

  @AfterAll
  void resetClock() {
    ClockUtil.reset();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> events(String user) {
    ResponseEntity<Map> timeline = driver.as(user).getForEntity("/api/incidents/{id}/timeline", Map.class, incidentId);
    assertThat(timeline.getStatusCode()).as("%s", timeline.getBody()).isEqualTo(HttpStatus.OK);
    return (List<Map<String, Object>>) timeline.getBody().get("events");
  }

  private static String line(Map<String, Object> event) {
    return event.get("type") + " | " + event.get("actor") + " | " + event.get("activityId");
  }

  private Map<String, Object> event(List<Map<String, Object>> events, String type, String activityId) {
    return events.stream().filter(e -> type.equals(e.get("type")) && java.util.Objects.equals(activityId, e.get("activityId")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + type + " at " + activityId));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTimelineHasEveryDecisiveEventWithItsActorInOrder() {
    List<Map<String, Object>> events = events("auditor");
    List<String> lines = events.stream().map(IncidentAuditTest::line).toList();
    assertThat(events).extracting(e -> ((Number) e.get("epochMillis")).longValue()).isSorted();
    assertThat(lines).containsSubsequence(
        "alert.received | test-generic | null",
        "incident.opened | null | " + IncidentResponse.START_ALERT_RECEIVED,
        "escalation.page | null | null",
        "alert.deduplicated | test-generic | null",
        "timer.fired | null | " + IncidentResponse.ACK_OVERDUE,
        "escalation.breach | null | null",
        "task.claimed | responder | " + IncidentResponse.TRIAGE,
        "incident.acknowledged | responder | " + IncidentResponse.AWAIT_ACKNOWLEDGEMENT,
        "task.completed | responder | " + IncidentResponse.TRIAGE,
        "severity.changed | responder | " + IncidentResponse.TRIAGE,
        "process.called | null | " + IncidentResponse.SECURITY_REVIEW_CALL,
        "task.completed | lead | " + IncidentResponse.ASSEMBLE_TEAM,
        "role.changed | lead | " + IncidentResponse.ASSEMBLE_TEAM,
        "script.run | null | " + IncidentResponse.GATHER_RECENT_CHANGES,
        "task.completed | legal | LegalReviewTask",
        "task.completed | security | SecurityReviewTask",
        "task.completed | comms | " + IncidentResponse.STATUS_PAGE_UPDATE,
        "task.completed | responder | " + IncidentResponse.INVESTIGATION,
        "process.called | null | " + IncidentResponse.MITIGATION,
        "task.completed | responder | " + IncidentMitigation.MITIGATE,
        "task.created | null | " + IncidentMitigation.APPROVE_ROLLBACK,
        "task.completed | lead | " + IncidentMitigation.APPROVE_ROLLBACK,
        "rollback.approved | lead | " + IncidentMitigation.APPROVE_ROLLBACK,
        "script.run | null | " + IncidentMitigation.ROLLBACK,
        "script.run | null | " + IncidentMitigation.VERIFY_HEALTH,
        "timer.fired | null | " + IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER,
        "script.run | null | " + IncidentMitigation.PERIODIC_HEALTH_CHECK,
        "timer.fired | null | " + IncidentMitigation.MONITORING_WINDOW_TIMER,
        "process.ended | null | " + IncidentMitigation.END_MITIGATED,
        "task.completed | responder | " + IncidentResponse.CONFIRM_ROOT_CAUSE,
        "task.completed | responder | " + IncidentResponse.DEPLOY_PERMANENT_FIX,
        "task.completed | responder | " + IncidentResponse.VERIFY_FIX,
        "activity.completed | null | " + IncidentResponse.CLOSE_INCIDENT,
        "activity.completed | null | " + IncidentResponse.PREPARE_POST_MORTEM,
        "task.completed | lead | " + IncidentResponse.POST_MORTEM,
        "incident.ended | null | " + IncidentResponse.END_POST_MORTEM);
    // Each phase entered once, in the runbook's order.
    assertThat(events.stream().filter(e -> "phase.entered".equals(e.get("type"))).map(e -> e.get("phase")))
        .containsExactlyElementsOf(IncidentPhases.PHASES);
    // Mitigation's decisions appear once, where they were taken, not again when mitigation ended.
    assertThat(lines).filteredOn(l -> l.startsWith("rollback.approved")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("script.run")).hasSize(4);

    Map<String, Object> triage = event(events, "task.completed", IncidentResponse.TRIAGE);
    assertThat((Map<String, Object>) ((Map<String, Object>) triage.get("details")).get("values"))
        .containsEntry("severity", "SEV-1").containsEntry("dataBreachSuspected", true);
    assertThat(triage.get("phase")).isEqualTo("Triage");
    Map<String, Object> approval = event(events, "rollback.approved", IncidentMitigation.APPROVE_ROLLBACK);
    assertThat(approval.get("summary")).isEqualTo("Rollback approved by lead: Go, 4.2 is the only change");
    assertThat(approval.get("phase")).isEqualTo("Mitigation");
    assertThat(approval.get("processDefinitionKey")).isEqualTo(IncidentMitigation.PROCESS_KEY);
    Map<String, Object> rollback = (Map<String, Object>) event(events, "script.run", IncidentMitigation.ROLLBACK).get("details");
    assertThat(rollback).containsEntry("action", "rollback").containsEntry("exitCode", 0).containsEntry("outcome", "succeeded");
    assertThat((String) rollback.get("command")).contains("rollback.sh");
    Map<String, Object> breach = event(events, "escalation.breach", null);
    assertThat(breach.get("time")).isEqualTo(at.get("escalated").toString());
    // SEV-1 informed the Team Lead with the page ("Immediate"); the breach told the next level.
    assertThat((String) breach.get("summary")).contains("Engineering Manager");
    assertThat((String) event(events, "escalation.inform", null).get("summary")).isEqualTo("Escalation column: Team Lead told (level 1)");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("type")).isEqualTo("notification.requested");
      assertThat((String) e.get("summary")).contains("Primary On-Call", "email");
    });
    assertThat(events).anySatisfy(e -> assertThat(e.get("type")).isEqualTo("notification.retried"));
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("type")).isEqualTo("comment.added");
      assertThat(e.get("actor")).isEqualTo("legal");
    });
  }

  @Test
  void mitigationWritesBackOnlyWhatItChanged() {
    // Mitigation got incidentCommander=lead and did not change it: one entry in the incident's history, not two.
    assertThat(history.createHistoricDetailQuery().processInstanceId(rootId).variableUpdates().list().stream()
        .map(d -> (org.camunda.bpm.engine.history.HistoricVariableUpdate) d)
        .filter(u -> u.getVariableName().equals(ProcessVariables.INCIDENT_COMMANDER))).hasSize(1);
    // What it decided does come back: the post-mortem and resolution forms read it.
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(rootId)
        .variableName(ProcessVariables.ROLLBACK_APPROVED_BY).singleResult().getValue()).isEqualTo("lead");
    assertThat(history.createHistoricDetailQuery().processInstanceId(rootId).variableUpdates()
        .occurredAfter(Date.from(at.get("mitigated").minusMillis(1))).occurredBefore(Date.from(at.get("mitigated").plusMillis(1)))
        .list().stream().map(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName()))
        .doesNotContain(ProcessVariables.INCIDENT_COMMANDER, ProcessVariables.SEVERITY, ProcessVariables.ALERT_COUNT,
            ProcessVariables.TITLE, "recentChangesOutput")
        .contains(ProcessVariables.ROLLBACK_APPROVAL, "rollbackExitCode");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> state(String user, Instant instant) {
    ResponseEntity<Map> state = driver.as(user).getForEntity("/api/incidents/{id}/state?at={at}", Map.class, incidentId, instant.toString());
    assertThat(state.getStatusCode()).as("%s", state.getBody()).isEqualTo(HttpStatus.OK);
    return state.getBody();
  }

  @SuppressWarnings("unchecked")
  private static List<String> openTasks(Map<String, Object> state) {
    return ((List<Map<String, Object>>) state.get("openTasks")).stream()
        .map(t -> t.get("activityId") + "/" + t.get("holder")).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReplayGivesPhaseSeverityAndOpenTasksAsTheyWere() {
    // Escalated, not yet acknowledged: triage open with nobody holding it, the acknowledgement SLA breached.
    Map<String, Object> waiting = state("auditor", at.get("claimed").minusSeconds(30));
    assertThat(waiting.get("phase")).isEqualTo("Triage");
    assertThat(waiting.get("severity")).isEqualTo("SEV-1");
    assertThat(openTasks(waiting)).containsExactly(IncidentResponse.TRIAGE + "/null");
    assertThat(((Map<String, Map<String, Object>>) waiting.get("sla")).get("acknowledgement").get("status")).isEqualTo("breached");
    assertThat((Map<String, Object>) waiting.get("variables")).doesNotContainKey(ProcessVariables.INCIDENT_COMMANDER);

    // Triaged: the team is to be assembled and both reviews are open.
    Map<String, Object> triaged = state("auditor", at.get("triaged").plusSeconds(30));
    assertThat(triaged.get("phase")).isEqualTo("Response Team Assembly");
    assertThat(triaged.get("severity")).isEqualTo("SEV-1");
    assertThat(triaged.get("acknowledgedBy")).isEqualTo("responder");
    assertThat(openTasks(triaged)).containsExactlyInAnyOrder(IncidentResponse.ASSEMBLE_TEAM + "/null",
        "SecurityReviewTask/null", "LegalReviewTask/null", IncidentResponse.INCIDENT_LOG + "/null",
        IncidentResponse.REASSESS_SEVERITY + "/null");

    // Rollback requested: the Incident Commander holds its approval; the diagram shows mitigation waiting there.
    Map<String, Object> approving = state("auditor", at.get("rollbackRequested").plusSeconds(30));
    assertThat(approving.get("phase")).isEqualTo("Mitigation");
    // Beside it, until closing, the scribe's incident log and the commander's standing "Re-assess severity".
    assertThat(openTasks(approving)).containsExactlyInAnyOrder(IncidentMitigation.APPROVE_ROLLBACK + "/lead",
        IncidentResponse.INCIDENT_LOG + "/manager", IncidentResponse.REASSESS_SEVERITY + "/lead");
    assertThat((Map<String, Object>) approving.get("variables")).containsEntry(ProcessVariables.INCIDENT_COMMANDER, "lead");
    List<Map<String, Object>> processes = (List<Map<String, Object>>) approving.get("processes");
    Map<String, Object> mitigation = processes.stream()
        .filter(p -> IncidentMitigation.PROCESS_KEY.equals(p.get("processDefinitionKey"))).findFirst().orElseThrow();
    assertThat((List<String>) mitigation.get("activeActivityIds")).contains(IncidentMitigation.APPROVE_ROLLBACK);
    assertThat((List<String>) mitigation.get("completedActivityIds")).contains(IncidentMitigation.MITIGATE);
    assertThat((String) mitigation.get("processDefinitionId")).startsWith(IncidentMitigation.PROCESS_KEY + ":");
    assertThat(mitigation.get("callActivityId")).isEqualTo(IncidentResponse.MITIGATION);
    Map<String, Object> incident = processes.get(0);
    assertThat((List<String>) incident.get("activeActivityIds")).contains(IncidentResponse.MITIGATION);

    // Closed, post-mortem being written by the Incident Commander.
    Map<String, Object> writing = state("auditor", at.get("postMortemPrepared").plusSeconds(30));
    assertThat(writing.get("phase")).isEqualTo("Post-Mortem");
    assertThat(writing.get("status")).isEqualTo("closed");
    assertThat(openTasks(writing)).containsExactly(IncidentResponse.POST_MORTEM + "/lead");
    assertThat(((Map<String, Map<String, Object>>) writing.get("sla")).get("resolution").get("status")).isEqualTo("met");
  }

  @Test
  void replayRefusesBadInstantsByName() {
    assertThat(driver.as("auditor").getForEntity("/api/incidents/{id}/state", String.class, incidentId).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> garbage = driver.as("auditor").getForEntity("/api/incidents/{id}/state?at=yesterday", String.class, incidentId);
    assertThat(garbage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(garbage.getBody()).contains("parameter 'at'", "yesterday");
    assertThat(driver.as("auditor").getForEntity("/api/incidents/{id}/state?at=2001-01-01T00:00:00Z", String.class, incidentId)
        .getBody()).contains("before " + incidentId);
    assertThat(driver.as("auditor").getForEntity("/api/incidents/INC-2099-9999/timeline", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/incidents/{id}/timeline", String.class, incidentId).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void thePostMortemDraftHasTheDecisiveEventsToTheSecondAndDurationsFromTheFirstAlert() {
    List<Map<String, Object>> events = events("auditor");
    Instant firstAlert = Instant.parse((String) event(events, "alert.received", null).get("time"));
    String draft = (String) history.createHistoricVariableInstanceQuery().processInstanceId(rootId)
        .variableName(ProcessVariables.TIMELINE).singleResult().getValue();
    java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
    assertThat(draft).contains(
        "- " + hms.format(firstAlert) + " - First alert: Alert received from test-generic: " + title,
        " - Escalation column: Team Lead told (level 1)",
        "- " + hms.format(at.get("escalated")) + " - acknowledgement SLA breached: Engineering Manager told (level 2)",
        "- " + hms.format(at.get("claimed")) + " - Incident acknowledged by responder (tasklist-claim)",
        "- " + hms.format(at.get("team")) + " - Response team assembled (lead): IC lead, TL responder, Comms comms, Scribe manager",
        "- " + hms.format(at.get("rollbackRequested")) + " - Mitigation chosen: rollback (responder)",
        "- " + hms.format(at.get("rollbackApproved")) + " - Rollback approved by lead: Go, 4.2 is the only change",
        "- " + hms.format(at.get("mitigated")) + " - Mitigated: service restored",
        "- " + hms.format(at.get("closed")) + " - Resolved: incident closed",
        "time to acknowledge " + io.runbook.postmortem.PostMortemDraft.format(Duration.between(firstAlert, at.get("claimed"))),
        "time to mitigate " + io.runbook.postmortem.PostMortemDraft.format(Duration.between(firstAlert, at.get("mitigated"))),
        "time to resolve " + io.runbook.postmortem.PostMortemDraft.format(Duration.between(firstAlert, at.get("closed"))));
    assertThat(draft).doesNotContain("Health-check interval", "Periodic health check", legalMarker, "Counsel");
  }

  private String body(String user, String path) {
    ResponseEntity<String> response = driver.as(user).getForEntity(path, String.class, incidentId);
    assertThat(response.getStatusCode()).as("%s %s: %s", user, path, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @Test
  void legalsWordsAreInEveryExportOfThoseWhoMayReadThemAndInNoneOfTheOthers() {
    String end = at.get("postMortem").plusSeconds(30).toString();
    List<String> paths = List.of("/api/incidents/{id}/timeline", "/api/incidents/{id}/timeline.csv",
        "/api/incidents/{id}/timeline.md", "/api/incidents/{id}/export", "/api/incidents/{id}/state?at=" + end);
    for (String user : List.of("responder", "manager", "security", "comms")) {
      for (String path : paths) {
        assertThat(body(user, path)).as("%s reads %s", user, path).doesNotContain(legalMarker);
      }
    }
    for (String user : List.of("auditor", "lead", "legal", "admin")) {
      for (String path : paths) {
        assertThat(body(user, path)).as("%s reads %s", user, path).contains(legalMarker);
      }
    }
    // Those who may not read it still see that Legal reviewed, and who did.
    assertThat(body("responder", "/api/incidents/{id}/timeline.md")).contains("'Legal / Compliance review' completed by legal");
  }

  @Test
  void theDownloadsAreAttachmentsInTheirFormat() {
    ResponseEntity<String> csv = driver.as("auditor").getForEntity("/api/incidents/{id}/timeline.csv", String.class, incidentId);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("attachment", incidentId + "-timeline.csv");
    assertThat(csv.getBody()).startsWith("time,epochMillis,type,actor,phase,summary,activityId,processInstanceId,processDefinitionKey,details\r\n")
        .contains(",task.claimed,responder,Triage,responder claimed 'Acknowledge and assess severity',TriageTask,");
    ResponseEntity<String> md = driver.as("auditor").getForEntity("/api/incidents/{id}/timeline.md", String.class, incidentId);
    assertThat(md.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(md.getBody()).startsWith("# Timeline of " + incidentId).contains("| `rollback.approved` | lead | Rollback approved by lead");
    assertThat(TimelineExports.csvField("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(TimelineExports.csvField("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(TimelineExports.csvField("-1")).isEqualTo("-1");
    assertThat(TimelineExports.csvField("a,b\nc")).isEqualTo("\"a,b\nc\"");
    assertThat(TimelineExports.md("a|b\n<script>")).isEqualTo("a\\|b &lt;script&gt;");
  }

  @Test
  void aResponderWithoutHistoryRightsGets403Everywhere() {
    String userId = "nohistory" + run;
    String strangerId = "stranger" + run;
    User user = identity.newUser(userId);
    user.setPassword(userId);
    identity.saveUser(user);
    identity.createMembership(userId, "responders");
    User stranger = identity.newUser(strangerId);
    stranger.setPassword(strangerId);
    identity.saveUser(stranger);
    Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setUserId(userId);
    revoke.setResource(Resources.PROCESS_DEFINITION);
    revoke.setResourceId(IncidentResponse.PROCESS_KEY);
    revoke.removePermission(ProcessDefinitionPermissions.READ_HISTORY);
    authorizations.saveAuthorization(revoke);
    try {
      for (String path : List.of("/api/incidents/{id}/timeline", "/api/incidents/{id}/timeline.csv",
          "/api/incidents/{id}/timeline.md", "/api/incidents/{id}/export",
          "/api/incidents/{id}/state?at=" + at.get("claimed"), "/api/audit/incidents")) {
        for (String who : List.of(userId, strangerId)) {
          ResponseEntity<String> refused = driver.as(who).getForEntity(path, String.class, incidentId);
          assertThat(refused.getStatusCode()).as("%s %s", who, path).isEqualTo(HttpStatus.FORBIDDEN);
          assertThat(refused.getBody()).contains("READ_HISTORY").doesNotContain(title);
        }
      }
      // The same responder with their rights back reads it.
      authorizations.deleteAuthorization(revoke.getId());
      assertThat(driver.as(userId).getForEntity("/api/incidents/{id}/timeline", String.class, incidentId).getStatusCode())
          .isEqualTo(HttpStatus.OK);
    } finally {
      authorizations.createAuthorizationQuery().userIdIn(userId).list().forEach(a -> authorizations.deleteAuthorization(a.getId()));
      identity.deleteUser(userId);
      identity.deleteUser(strangerId);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHistoryListFindsTheFinishedIncidentWithWhatTheHistoryPageNeeds() {
    ResponseEntity<Map> found = driver.as("manager").getForEntity("/api/audit/incidents?q={q}&state=closed&severity=SEV-1", Map.class, run);
    assertThat(found.getStatusCode()).as("%s", found.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(((Number) found.getBody().get("total")).intValue()).isEqualTo(1);
    Map<String, Object> item = ((List<Map<String, Object>>) found.getBody().get("items")).get(0);
    assertThat(item).containsEntry("incidentId", incidentId).containsEntry("processInstanceId", rootId)
        .containsEntry("processState", "COMPLETED").containsEntry("title", title);
    assertThat((String) item.get("processDefinitionId")).startsWith(IncidentResponse.PROCESS_KEY + ":");
    assertThat(item.get("endedAt")).isNotNull();
    assertThat(((Number) driver.as("manager").getForEntity("/api/audit/incidents?q={q}&state=open", Map.class, run).getBody()
        .get("total")).intValue()).isZero();
    assertThat(((Number) driver.as("manager").getForEntity("/api/audit/incidents?q={q}&to=2001-01-01", Map.class, run).getBody()
        .get("total")).intValue()).isZero();
    ResponseEntity<String> bad = driver.as("manager").getForEntity("/api/audit/incidents?severity=SEV-9&from=soon&size=0", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody()).contains("'severity'", "'from'", "'size'");
  }
}
