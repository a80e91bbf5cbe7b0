package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.report;
import static io.runbook.incident.IncidentFixtures.team;
import static io.runbook.incident.IncidentFixtures.triage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbook.audit.IncidentDriver;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.time.Duration;
import java.time.OffsetDateTime;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** An executive reads a SEV-1 on one screen: GET /api/incidents/{id}/summary. */
@WebTest
class IncidentSummaryEndpointTest {

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

  private void complete(ProcessInstance incident, String taskKey, Map<String, Object> variables) {
    tasks.complete(people.task(incident.getId(), taskKey).getId(), variables);
  }

  private JsonNode summary(String user, String incidentId) throws Exception {
    return people.getJson(user, "/api/incidents/{id}/summary", incidentId);
  }

  @Test
  void aManagerSeesSeverityPublicStateImpactCommanderAndTheNextUpdateDue() throws Exception {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report("Checkout is failing", "SEV-1"));
    complete(incident, IncidentResponse.TRIAGE, triage("SEV-1"));
    complete(incident, IncidentResponse.ASSEMBLE_TEAM, team("lead", "responder", "comms", "manager"));

    JsonNode before = summary("manager", incident.getBusinessKey());
    assertThat(before.get("incidentId").asText()).isEqualTo(incident.getBusinessKey());
    assertThat(before.get("severity").asText()).isEqualTo("SEV-1");
    assertThat(before.get("publicState").asText()).as("nothing posted yet").isEqualTo("Investigating");
    assertThat(before.get("impact").get("affectedSystems").asText()).isEqualTo("checkout-api");
    assertThat(before.get("impact").get("affectedUsers").asText()).isEqualTo("all EU customers");
    assertThat(before.get("incidentCommander").asText()).isEqualTo("lead");
    assertThat(before.get("openedAt").asText()).isNotBlank();
    // Nothing promised to the public yet: the first "Post status update" is due within 15 minutes.
    OffsetDateTime firstDue = OffsetDateTime.parse(before.get("nextUpdateDue").asText());
    assertThat(Duration.between(OffsetDateTime.now(), firstDue)).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(16));
    assertThat(before.has("lastUpdateAt")).as("nothing posted yet").isFalse();

    // Communications posts as Tasklist does: reads the prefilled form, sends its fields back (the
    // read-only ones unchanged), through the person write filter.
    String taskId = people.task(incident.getId(), IncidentResponse.STATUS_PAGE_UPDATE).getId();
    JsonNode prefilled = people.getJson("comms", "/engine-rest/task/{id}/form-variables", taskId);
    assertThat(prefilled.at("/statusPageStatus/value").asText()).as("proposed from the phase").isEqualTo("Investigating");
    assertThat(prefilled.at("/statusNextUpdateMinutes/value").asLong()).as("SEV-1's interval").isEqualTo(30);
    assertThat(prefilled.at("/statusUpdateDraft/value").asText()).startsWith("Investigating\n\nWe are currently investigating")
        .contains("Next update in 30 minutes.");
    Map<String, Object> submitted = Map.of("variables", Map.of(
        "incidentId", Map.of("value", prefilled.at("/incidentId/value").asText(), "type", "String"),
        "statusUpdateDraft", Map.of("value", prefilled.at("/statusUpdateDraft/value").asText(), "type", "String"),
        "statusPageStatus", Map.of("value", "Identified", "type", "String"),
        "statusIssue", Map.of("value", "failed payments at checkout", "type", "String"),
        "statusImpact", Map.of("value", "Some customers cannot pay", "type", "String"),
        "statusNextUpdateMinutes", Map.of("value", 30, "type", "Long")));
    people.submitForm("comms", taskId, submitted);

    JsonNode after = summary("manager", incident.getBusinessKey());
    assertThat(after.get("publicState").asText()).isEqualTo("Identified");
    OffsetDateTime posted = OffsetDateTime.parse(after.get("lastUpdateAt").asText());
    OffsetDateTime due = OffsetDateTime.parse(after.get("nextUpdateDue").asText());
    assertThat(Duration.between(posted, due)).isEqualTo(Duration.ofMinutes(30));
    assertThat(Duration.between(posted, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(5));
    // For executives: no alert payloads, no reviews.
    assertThat(after.has("alerts")).isFalse();
  }

  @Test
  void unknownIncidentsAre404AndPeopleWithoutARunbookGroup403() {
    assertThat(people.as("manager")
        .getForEntity("/api/incidents/INC-2099-0404/summary", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report("Search is slow", "SEV-3"));
    ResponseEntity<String> refused = people.getAsStranger(identity, "/api/incidents/{id}/summary", incident.getBusinessKey());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody()).contains("READ_HISTORY").doesNotContain("Search is slow");
    assertThat(http.getForEntity("/api/incidents/{id}/summary", String.class, incident.getBusinessKey()).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
