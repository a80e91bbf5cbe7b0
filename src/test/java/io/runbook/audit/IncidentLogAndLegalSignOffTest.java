package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 16, over HTTP as each person: the Scribe and the Incident Commander add notes to the incident
 * log from Tasklist, and each note is its own timeline event with author and text; a breach incident
 * waits for Legal at closing, the Incident Commander sees why, and nothing Legal wrote reaches a
 * responder by the incident's variables, history or timeline.
 */
@WebTest
class IncidentLogAndLegalSignOffTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String legalMarker = "LegalWords-" + run;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private String body(String user, String path, Object... args) {
    ResponseEntity<String> response = http.withBasicAuth(user, user).getForEntity(path, String.class, args);
    assertThat(response.getStatusCode()).as("%s GET %s: %s", user, path, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> timeline(IncidentDriver driver, String user, String incidentId) {
    ResponseEntity<Map> timeline = driver.as(user).getForEntity("/api/incidents/{id}/timeline", Map.class, incidentId);
    assertThat(timeline.getStatusCode()).as("%s", timeline.getBody()).isEqualTo(HttpStatus.OK);
    return (List<Map<String, Object>>) timeline.getBody().get("events");
  }

  @Test
  void theScribeAndTheCommanderLogNotesAndClosingWaitsForLegalWithoutShowingItsWords() {
    IncidentDriver driver = new IncidentDriver(http, tasks, management);
    driver.startClock();
    driver.step();
    Map<String, Object> report = new HashMap<>(Map.of(ProcessVariables.TITLE, "Tenant export leak " + run,
        ProcessVariables.SOURCE, "user-report", ProcessVariables.PROPOSED_SEVERITY, "SEV-1"));
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);
    String id = incident.getId();
    String incidentId = incident.getBusinessKey();

    driver.step();
    driver.complete("responder", driver.task(id, IncidentResponse.TRIAGE), Map.of("acknowledged", true,
        "title", "Tenant export leak " + run, "severity", "SEV-1", "affectedSystems", "export-api", "affectedUsers", "two tenants",
        "securityRelated", false, "dataBreachSuspected", true, "stakeholdersNotified", true));

    // Before the team is assembled, the log is offered to responders and team leads.
    Task log = driver.task(id, IncidentResponse.INCIDENT_LOG);
    assertThat(tasks.getIdentityLinksForTask(log.getId())).extracting(IdentityLink::getGroupId).contains("responders", "team-leads");

    driver.step();
    driver.complete("lead", driver.task(id, IncidentResponse.ASSEMBLE_TEAM), Map.of(ProcessVariables.INCIDENT_COMMANDER, "lead",
        ProcessVariables.TECHNICAL_LEAD, "responder", ProcessVariables.COMMUNICATIONS_LEAD, "comms", ProcessVariables.SCRIBE, "manager",
        "channelCreated", true, "teamAssembled", true));

    // Once the team is named, the log is the Scribe's, and the Incident Commander may write too.
    log = driver.task(id, IncidentResponse.INCIDENT_LOG);
    assertThat(log.getAssignee()).isEqualTo("manager");
    assertThat(tasks.getIdentityLinksForTask(log.getId())).extracting(IdentityLink::getUserId).contains("manager", "lead");
    assertThat(driver.as("comms").postForEntity("/engine-rest/task/{id}/complete",
        IncidentDriver.rest(Map.of("logNote", "not my log")), String.class, log.getId()).getStatusCode().is4xxClientError())
        .as("someone neither Scribe nor Incident Commander cannot write the log").isTrue();

    java.time.Instant firstAt = driver.step();
    driver.complete("manager", log, Map.of("logNote", "10:40 rolled the export back to 4.1 " + run));
    java.time.Instant secondAt = driver.step();
    driver.complete("lead", driver.task(id, IncidentResponse.INCIDENT_LOG), Map.of("logNote", "Customer support informed " + run));
    assertThat(driver.task(id, IncidentResponse.INCIDENT_LOG)).as("the log opens again for the next note").isNotNull();

    List<Map<String, Object>> notes = timeline(driver, "responder", incidentId).stream()
        .filter(e -> "log.note".equals(e.get("type"))).toList();
    assertThat(notes).extracting(e -> e.get("actor"), e -> e.get("time"), e -> ((Map<?, ?>) e.get("details")).get("text"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("manager", firstAt.toString(), "10:40 rolled the export back to 4.1 " + run),
            org.assertj.core.groups.Tuple.tuple("lead", secondAt.toString(), "Customer support informed " + run));

    // Legal confirms the breach (its words carry a marker), then the fix is verified.
    driver.step();
    String legalReview = runtime.createProcessInstanceQuery().superProcessInstanceId(id).processDefinitionKey(LegalReview.PROCESS_KEY)
        .singleResult().getId();
    driver.complete("legal", driver.task(legalReview, LegalReview.LEGAL_REVIEW), Map.of("breachConfirmed", "confirmed",
        "notificationObligations", "Notify the DPA: " + legalMarker, "authorityNotifiedAt", "", "legalNotes", "Counsel: " + legalMarker));
    driver.complete("comms", driver.task(id, IncidentResponse.STATUS_PAGE_UPDATE), Map.of("statusPageStatus", "Investigating",
        "statusIssue", "tenant export", "statusImpact", "Exports paused", "statusNextUpdateMinutes", 30));
    driver.runJob(id, IncidentResponse.GATHER_RECENT_CHANGES);
    driver.complete("responder", driver.task(id, IncidentResponse.INVESTIGATION), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Tenant filter dropped"));
    String mitigation = runtime.createProcessInstanceQuery().superProcessInstanceId(id)
        .processDefinitionKey(IncidentMitigation.PROCESS_KEY).singleResult().getId();
    driver.complete("responder", driver.task(mitigation, IncidentMitigation.MITIGATE), Map.of("mitigationAction", "quick-fix",
        "mitigationNotes", "Export disabled", "fixImplemented", true, "statusPageUpdated", true));
    driver.runJob(mitigation, IncidentMitigation.VERIFY_HEALTH);
    driver.fireTimer(mitigation, IncidentMitigation.MONITORING_WINDOW_TIMER);
    driver.complete("responder", driver.task(id, IncidentResponse.CONFIRM_ROOT_CAUSE),
        Map.of("confirmedRootCause", "Tenant filter dropped", "rootCauseConfirmed", true));
    driver.complete("responder", driver.task(id, IncidentResponse.DEPLOY_PERMANENT_FIX), Map.of("permanentFix", "Filter restored",
        "fixReference", "PR-9", "fixDeployedThroughNormalProcess", true));
    driver.step();
    driver.complete("responder", driver.task(id, IncidentResponse.VERIFY_FIX), Map.of("fixVerifiedInProduction", true,
        "verificationNotes", "OK", "postMortemRequested", false, "closeTicket", true));

    // Not closed: the Incident Commander's Tasklist says why.
    String icTasks = body("lead", "/engine-rest/task?processInstanceId={id}", id);
    assertThat(icTasks).contains("Close incident: waiting for Legal's sign-off");
    Task waiting = driver.task(id, IncidentResponse.AWAIT_LEGAL_SIGN_OFF);
    assertThat(waiting.getAssignee()).isEqualTo("lead");
    assertThat(body("lead", "/engine-rest/task/{id}/deployed-form", waiting.getId())).contains("Legal has not signed off yet");
    assertThat(runtime.getVariable(id, ProcessVariables.CLOSED_AT)).isNull();

    // Legal signs off over HTTP: the ticket closes.
    driver.step();
    driver.complete("legal", driver.task(legalReview, LegalReview.LEGAL_SIGN_OFF), Map.of("breachConfirmed", "confirmed",
        "notificationObligations", "DPA notified: " + legalMarker, "authorityNotifiedAt", "2026-12-02 09:00 UTC, DPA " + legalMarker,
        "closingSignedOff", true, "legalNotes", "Closed: " + legalMarker));
    assertThat(runtime.getVariable(id, ProcessVariables.CLOSED_AT)).as("closed once Legal signed off").isNotNull();
    assertThat(driver.task(id, IncidentResponse.INCIDENT_LOG)).as("the log ends with the ticket").isNull();
    // The post-mortem's draft timeline keeps the Scribe's notes.
    driver.runJob(id, IncidentResponse.PREPARE_POST_MORTEM);
    assertThat((String) runtime.getVariable(id, ProcessVariables.TIMELINE))
        .contains("10:40 rolled the export back to 4.1 " + run, "Customer support informed " + run).doesNotContain(legalMarker);

    // A responder sees that Legal signed off, never what Legal wrote.
    String variables = body("responder", "/engine-rest/process-instance/{id}/variables", id);
    assertThat(variables).contains(ProcessVariables.LEGAL_SIGN_OFF_AT).doesNotContain(legalMarker, "breachConfirmed");
    for (String path : List.of("/engine-rest/history/variable-instance?processInstanceId={id}",
        "/engine-rest/history/detail?processInstanceId={id}", "/api/incidents/{id}/timeline")) {
      Object arg = path.startsWith("/api") ? incidentId : id;
      assertThat(body("responder", path, arg)).as(path).doesNotContain(legalMarker);
    }
    assertThat(body("responder", "/engine-rest/history/variable-instance?variableName=legalNotes")).doesNotContain(legalMarker);
    assertThat(driver.as("responder").getForEntity("/api/incidents/{id}/reviews", String.class, incidentId).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(body("lead", "/api/incidents/{id}/reviews", incidentId)).as("the Incident Commander reads Legal's review")
        .contains(legalMarker);
  }
}
