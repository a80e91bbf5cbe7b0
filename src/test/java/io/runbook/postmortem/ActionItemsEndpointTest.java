package io.runbook.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbook.audit.IncidentDriver;
import io.runbook.process.ActionItemFollowUp;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * GET /api/incidents/{id}/action-items over HTTP: an owner completes their action item through the
 * REST API with the form's one field ("what was done"), and whoever reads the incident sees each item
 * with owner, due date and state (overdue, done with who and what).
 */
@WebTest
class ActionItemsEndpointTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired ManagementService management;
  IncidentDriver people;

  @BeforeEach
  void setUp() {
    people = new IncidentDriver(http, tasks, management);
  }

  /** An action item as "Publish post-mortem" starts it. */
  private ProcessInstance actionItem(String incidentId, String action, String owner, LocalDate due) {
    var dueAt = ActionItemFollowUps.dueInstant(due);
    return runtime.startProcessInstanceByKey(ActionItemFollowUp.PROCESS_KEY, incidentId, Map.of(
        ProcessVariables.INCIDENT_ID, incidentId,
        ProcessVariables.ACTION_ITEM, action,
        ProcessVariables.ACTION_ITEM_OWNER, owner,
        ProcessVariables.ACTION_ITEM_DUE, Date.from(dueAt),
        ProcessVariables.ACTION_ITEM_REMINDERS, "R/" + dueAt + "/P1D"));
  }

  @Test
  void theOwnerCompletesTheirItemWithWhatWasDoneAndEveryReaderSeesWhereEachStands() throws Exception {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        "title", "Checkout is failing", "source", "user-report", "proposedSeverity", "SEV-2"));
    String incidentId = incident.getBusinessKey();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    actionItem(incidentId, "Alert on pool saturation", "responder", today.minusDays(2));
    ProcessInstance loadTest = actionItem(incidentId, "Load test pool settings", "comms", today.plusDays(10));

    String taskId = tasks.createTaskQuery().processInstanceId(loadTest.getId()).singleResult().getId();
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    people.submitForm("comms", taskId,
        new HttpEntity<>("{\"variables\":{\"actionItemOutcome\":{\"value\":\"Load test in the release pipeline, PR-77\","
            + "\"type\":\"String\"}}}", json));

    JsonNode body = people.getJson("manager", "/api/incidents/{id}/action-items", incidentId);
    assertThat(body.get("incidentId").asText()).isEqualTo(incidentId);
    assertThat(body.get("overdue").asInt()).isOne();
    assertThat(body.get("done").asInt()).isOne();
    assertThat(body.get("open").asInt()).isZero();
    JsonNode overdue = body.get("items").get(0);
    assertThat(overdue.get("action").asText()).isEqualTo("Alert on pool saturation");
    assertThat(overdue.get("owner").asText()).isEqualTo("responder");
    assertThat(overdue.get("due").asText()).isEqualTo(today.minusDays(2).toString());
    assertThat(overdue.get("state").asText()).isEqualTo("overdue");
    JsonNode completed = body.get("items").get(1);
    assertThat(completed.get("state").asText()).isEqualTo("done");
    assertThat(completed.get("doneBy").asText()).isEqualTo("comms");
    assertThat(completed.get("outcome").asText()).isEqualTo("Load test in the release pipeline, PR-77");
    assertThat(completed.get("doneAt").asText()).isNotBlank();

    ResponseEntity<String> noReport = people.as("responder")
        .getForEntity("/api/incidents/{id}/post-mortem.md", String.class, incidentId);
    assertThat(noReport.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(noReport.getBody()).contains("has no published post-mortem");
  }

  @Test
  void unknownIncidentsAre404StrangersAre403AndNoCredentials401() {
    assertThat(people.as("responder")
        .getForEntity("/api/incidents/INC-2099-0404/action-items", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        "title", "Search is slow", "source", "user-report", "proposedSeverity", "SEV-3"));
    actionItem(incident.getBusinessKey(), "Index the search table", "responder", LocalDate.now(ZoneOffset.UTC).plusDays(3));
    ResponseEntity<String> refused = people.getAsStranger(identity, "/api/incidents/{id}/action-items", incident.getBusinessKey());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody()).contains("READ_HISTORY").doesNotContain("Index the search table");
    assertThat(http.getForEntity("/api/incidents/{id}/action-items", String.class, incident.getBusinessKey()).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
