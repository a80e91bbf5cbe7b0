package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Re-triage over real HTTP, as the demo people: only the Incident Commander (a team lead while there
 * is none) re-assesses, and only what the form holds: severity, the two flags and the reason.
 */
@WebTest
class RetriageAccessTest {

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> complete(String user, Task task, Map<String, Object> variables) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    String body = new ObjectMapper().writeValueAsString(Map.of("variables", values));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task/" + task.getId() + "/complete"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body)).build();
    return client.send(request, BodyHandlers.ofString());
  }

  private Task task(ProcessInstance incident, String key) {
    return tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(key).singleResult();
  }

  private static Map<String, Object> retriage(String severity, String why) {
    Map<String, Object> values = new HashMap<>();
    values.put(ProcessVariables.SEVERITY, severity);
    values.put(ProcessVariables.SECURITY_RELATED, false);
    values.put(ProcessVariables.DATA_BREACH_SUSPECTED, false);
    values.put(ProcessVariables.SEVERITY_CHANGE_REASON, why);
    return values;
  }

  @Test
  void onlyTheCommanderOrATeamLeadReTriagesAndOnlyThroughTheForm() throws Exception {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        ProcessVariables.TITLE, "Exports are slow", ProcessVariables.SOURCE, "user-report", ProcessVariables.PROPOSED_SEVERITY, "SEV-3"));
    Map<String, Object> triage = new HashMap<>(Map.of("acknowledged", true, "title", "Exports are slow", "severity", "SEV-3",
        "affectedSystems", "export-service", "affectedUsers", "a few", "securityRelated", false, "dataBreachSuspected", false,
        "stakeholdersNotified", false));
    tasks.complete(task(incident, IncidentResponse.TRIAGE).getId(), triage);

    // A responder is not offered the task: the engine refuses.
    HttpResponse<String> responder = complete("responder", task(incident, IncidentResponse.REASSESS_SEVERITY), retriage("SEV-1", "looks bad"));
    assertThat(responder.statusCode()).as(responder.body()).isEqualTo(403);

    // A team lead cannot slip in a variable the form does not hold.
    Map<String, Object> sneaky = retriage("SEV-2", "partial outage after all");
    sneaky.put(ProcessVariables.INCIDENT_COMMANDER, "lead");
    HttpResponse<String> extra = complete("lead", task(incident, IncidentResponse.REASSESS_SEVERITY), sneaky);
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(extra.body()).contains(ProcessVariables.INCIDENT_COMMANDER);
    Map<String, Object> keepsPostMortem = retriage("SEV-2", "partial outage after all");
    keepsPostMortem.put(ProcessVariables.POST_MORTEM_REQUIRED, false);
    assertThat(complete("lead", task(incident, IncidentResponse.REASSESS_SEVERITY), keepsPostMortem).statusCode()).isEqualTo(400);
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-3");

    // With no Incident Commander, the team lead re-triages; the incident now needs a team.
    HttpResponse<String> raised = complete("lead", task(incident, IncidentResponse.REASSESS_SEVERITY), retriage("SEV-2", "partial outage after all"));
    assertThat(raised.statusCode()).as(raised.body()).isEqualTo(204);
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-2");
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.SEVERITY_CHANGED_BY)).isEqualTo("lead");
    HttpResponse<String> assembled = complete("lead", task(incident, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE), Map.of(
        "incidentCommander", "manager", "technicalLead", "responder", "communicationsLead", "comms", "scribe", "lead",
        "channelCreated", true, "teamAssembled", true));
    assertThat(assembled.statusCode()).as(assembled.body()).isEqualTo(204);

    // Now the commander decides: the team lead is refused, naming who may.
    Task reassess = task(incident, IncidentResponse.REASSESS_SEVERITY);
    assertThat(reassess.getAssignee()).isEqualTo("manager");
    tasks.setAssignee(reassess.getId(), "lead");
    HttpResponse<String> notCommander = complete("lead", reassess, retriage("SEV-1", "spreading"));
    assertThat(notCommander.statusCode()).isEqualTo(400);
    assertThat(notCommander.body()).contains("only the Incident Commander (manager) may re-assess");
    tasks.setAssignee(reassess.getId(), "manager");
    HttpResponse<String> byCommander = complete("manager", reassess, retriage("SEV-1", "spreading"));
    assertThat(byCommander.statusCode()).as(byCommander.body()).isEqualTo(204);
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-1");
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.SEVERITY_CHANGED_BY)).isEqualTo("manager");

    // The incident list and its API show the new severity, not triage's.
    HttpResponse<String> shown = client.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/incidents/" + incident.getBusinessKey()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("manager:manager".getBytes(StandardCharsets.UTF_8)))
        .GET().build(), BodyHandlers.ofString());
    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(shown.body()).get("incident").get("severity").asText()).isEqualTo("SEV-1");
  }
}
