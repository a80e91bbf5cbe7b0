package io.runbook.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Through Camunda's own REST API, as Tasklist submits forms: bad submissions get 400 and a reason. */
@WebTest
class FormValidationRestTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  private TestRestTemplate asResponder() {
    return http.withBasicAuth("responder", "responder");
  }

  private static Map<String, Object> value(Object v) {
    return Map.of("value", v);
  }

  @Test
  void submittingTriageWithoutSeverityIsA400NamingTheField() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "API latency", "source", "team-observation", "proposedSeverity", "SEV-2"));
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();

    ResponseEntity<Map> response = asResponder().postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", Map.of("acknowledged", value(true), "title", value("API latency"),
            "affectedSystems", value("api"), "affectedUsers", value("all"), "stakeholdersNotified", value(true))),
        Map.class, taskId);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).contains("'Severity' (severity) is required");
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).isOne();
  }

  @Test
  void completingTriageWithEverythingMovesTheIncidentOn() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "API latency", "source", "team-observation", "proposedSeverity", "SEV-3"));
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();

    ResponseEntity<String> response = asResponder().postForEntity("/engine-rest/task/{id}/complete",
        Map.of("variables", Map.of("acknowledged", value(true), "title", value("API latency"),
            "severity", value("SEV-3"), "affectedSystems", value("api"), "affectedUsers", value("all"),
            "stakeholdersNotified", value(true))),
        String.class, taskId);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    // Investigation starts with the asynchronous "Gather recent changes" job.
    management.executeJob(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.INVESTIGATION).singleResult().getTaskDefinitionKey())
        .isEqualTo(IncidentResponse.INVESTIGATION);
  }

  @Test
  void submittingTheReportFormWithAnUnknownSourceIsA400() {
    long before = runtime.createProcessInstanceQuery().count();
    ResponseEntity<Map> response = asResponder().postForEntity(
        "/engine-rest/process-definition/key/{key}/submit-form",
        Map.of("variables", Map.of("title", value("Login broken"), "source", value("pager"),
            "proposedSeverity", value("SEV-2"))),
        Map.class, IncidentResponse.PROCESS_KEY);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message"))
        .contains("'Source' (source) must be one of [user-report, support-ticket, team-observation], got 'pager'");
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(before);
  }
}
