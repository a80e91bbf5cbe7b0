package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.system.RunbookGroups;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Who can do what, through Camunda's REST API as each demo user: responders work their groups'
 * tasks and nothing else, auditors read history and change nothing, managers read everything but
 * Security's and Legal's reviews and change nothing, and the audit log names the person behind each
 * REST call. What each group reads of the reviews: {@link ReviewConfidentialityTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class GroupAccessTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;

  /** Investigation starts with the asynchronous "Gather recent changes" job; run it as the job executor would. */
  private void gatherRecentChanges(ProcessInstance incident) {
    management.executeJob(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
  }

  private TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user);
  }

  private static Map<String, Object> rest(Map<String, Object> variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    return Map.of("variables", values);
  }

  private ProcessInstance reportIncident(String severity, boolean securityRelated) {
    Map<String, Object> report = new HashMap<>();
    report.put(ProcessVariables.TITLE, "Customer data visible to other tenants");
    report.put(ProcessVariables.SOURCE, "user-report");
    report.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    report.put(ProcessVariables.SECURITY_RELATED, securityRelated);
    return runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);
  }

  private static Map<String, Object> triage(String severity, boolean dataBreach) {
    Map<String, Object> v = new HashMap<>();
    v.put("acknowledged", true);
    v.put("title", "Customer data visible to other tenants");
    v.put("severity", severity);
    v.put("affectedSystems", "tenant-api");
    v.put("affectedUsers", "two tenants");
    v.put("securityRelated", dataBreach);
    v.put("dataBreachSuspected", dataBreach);
    v.put("stakeholdersNotified", true);
    return v;
  }

  private Task task(ProcessInstance incident, String taskDefinitionKey) {
    return tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(taskDefinitionKey).singleResult();
  }

  private ResponseEntity<String> complete(String user, Task task, Map<String, Object> variables) {
    return as(user).postForEntity("/engine-rest/task/{id}/complete", rest(variables), String.class, task.getId());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String user, String path, Object... uriVariables) {
    ResponseEntity<List> response = as(user).getForEntity(path, List.class, uriVariables);
    assertThat(response.getStatusCode()).as("GET %s as %s", path, user).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static List<Object> names(List<Map<String, Object>> tasks) {
    return tasks.stream().map(t -> t.get("name")).toList();
  }

  @Test
  void responderCompletesTheirGroupsTriageButCannotSeeOrWorkTheLegalReview() {
    ProcessInstance incident = reportIncident("SEV-1", true);
    Task triage = task(incident, IncidentResponse.TRIAGE);

    assertThat(complete("responder", triage, triage("SEV-1", true)).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    Task legalReview = tasks.createTaskQuery().processInstanceBusinessKey(incident.getBusinessKey())
        .taskDefinitionKey(LegalReview.LEGAL_REVIEW).singleResult();
    assertThat(names(list("responder", "/engine-rest/task?processInstanceBusinessKey={key}", incident.getBusinessKey())))
        .contains("SEV-1 \u00b7 Assemble response team")
        .doesNotContain("SEV-1 \u00b7 Legal / Compliance review", "SEV-1 \u00b7 Security review");
    ResponseEntity<String> refused = complete("responder", legalReview,
        Map.of("breachConfirmed", "confirmed", "notificationObligations", "Notify the regulator"));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody()).contains("AuthorizationException", "responder");
    assertThat(tasks.createTaskQuery().taskId(legalReview.getId()).count()).as("still open").isOne();

    assertThat(complete("legal", legalReview,
        Map.of("breachConfirmed", "confirmed", "notificationObligations", "Notify the regulator")).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void responderSeesOnlyTasksOfferedToTheirGroupsOrAssignedToThem() {
    ProcessInstance incident = reportIncident("SEV-1", true);
    complete("responder", task(incident, IncidentResponse.TRIAGE), triage("SEV-1", true));

    List<Map<String, Object>> visible = list("responder", "/engine-rest/task");
    assertThat(visible).isNotEmpty();
    for (Map<String, Object> task : visible) {
      long mine = tasks.createTaskQuery().taskId((String) task.get("id"))
          .or().taskCandidateGroupIn(List.of(RunbookGroups.RESPONDERS)).taskAssignee("responder").endOr().count();
      assertThat(mine).as("task %s (%s) visible to responder", task.get("name"), task.get("id")).isOne();
    }
    assertThat(names(list("manager", "/engine-rest/task?processInstanceBusinessKey={key}", incident.getBusinessKey())))
        .as("a manager reads every task of the incident, not the reviews (need-to-know)")
        .containsExactlyInAnyOrder("SEV-1 \u00b7 Assemble response team", "SEV-1 \u00b7 Incident log: add a note",
            "SEV-1 \u00b7 Re-assess severity");
    assertThat(list("manager", "/engine-rest/task?processDefinitionKey={key}", LegalReview.PROCESS_KEY))
        .isEmpty();
    assertThat(list("responder", "/engine-rest/authorization")).as("responders read no authorizations").isEmpty();
    assertThat(list("responder", "/engine-rest/deployment")).as("nor deployments").isEmpty();
  }

  @Test
  void responderWorksAnIncidentIntoTheMitigationProcess() {
    ProcessInstance incident = reportIncident("SEV-3", false);
    complete("responder", task(incident, IncidentResponse.TRIAGE), triage("SEV-3", false));
    gatherRecentChanges(incident);
    ResponseEntity<String> investigated = complete("responder", task(incident, IncidentResponse.INVESTIGATION), Map.of(
        "recentChangesReviewed", true, "dashboardsChecked", true, "logsAnalyzed", true,
        "rootCauseIdentified", true, "rootCause", "Connection pool exhausted"));

    assertThat(investigated.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(incident.getBusinessKey())
        .taskDefinitionKey(IncidentMitigation.MITIGATE).count()).isOne();
  }

  @Test
  void leadAssemblesTheTeamNamingOtherPeople() {
    ProcessInstance incident = reportIncident("SEV-2", false);
    complete("responder", task(incident, IncidentResponse.TRIAGE), triage("SEV-2", false));
    Task assemble = task(incident, IncidentResponse.ASSEMBLE_TEAM);
    Map<String, Object> team = new HashMap<>(Map.of("incidentCommander", "lead", "technicalLead", "responder",
        "communicationsLead", "comms", "scribe", "manager", "channelCreated", true, "teamAssembled", true));

    team.put("technicalLead", "nobody-here");
    ResponseEntity<String> typo = as("lead").postForEntity("/engine-rest/task/{id}/submit-form", rest(team), String.class, assemble.getId());
    assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(typo.getBody()).contains("Technical Lead 'nobody-here' is not a known user");

    team.put("technicalLead", "responder");
    ResponseEntity<String> assembled = as("lead").postForEntity("/engine-rest/task/{id}/submit-form", rest(team), String.class, assemble.getId());
    assertThat(assembled.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    gatherRecentChanges(incident);
    assertThat(names(list("responder", "/engine-rest/task?assignee=responder&processInstanceId={id}", incident.getId())))
        .containsExactly("SEV-2 \u00b7 Investigate");
    assertThat(names(list("comms", "/engine-rest/task?processInstanceId={id}", incident.getId())))
        .containsExactly("SEV-2 \u00b7 Post status update");
  }

  @Test
  void everyWorkerGroupReportsIncidentsAndAuditorsCannot() {
    Map<String, Object> report = Map.of("title", "Login page slow", "source", "team-observation", "proposedSeverity", "SEV-3");
    for (String user : List.of("responder", "lead", "manager", "cto", "security", "legal", "comms")) {
      ResponseEntity<Map> started = as(user).postForEntity(
          "/engine-rest/process-definition/key/{key}/submit-form", rest(report), Map.class, IncidentResponse.PROCESS_KEY);
      assertThat(started.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      assertThat((String) started.getBody().get("businessKey")).startsWith("INC-");
    }
    assertThat(list("auditor", "/engine-rest/process-definition?startablePermissionCheck=true&latest=true")).isEmpty();
  }

  @Test
  void auditorReadsHistoryAndIncidentsButEveryWriteIs403() {
    ProcessInstance incident = reportIncident("SEV-3", false);
    Task triage = task(incident, IncidentResponse.TRIAGE);
    TestRestTemplate auditor = as("auditor");

    assertThat(complete("auditor", triage, triage("SEV-3", false)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/process-instance/{id}/variables/severity", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", "SEV-1", "type", "String")), String.class, incident.getId()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/task/{id}/variables/severity", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", "SEV-1", "type", "String")), String.class, triage.getId()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.postForEntity("/engine-rest/process-definition/key/{key}/start",
        rest(Map.of("title", "x", "source", "user-report", "proposedSeverity", "SEV-4")), String.class,
        IncidentResponse.PROCESS_KEY).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(auditor.exchange("/engine-rest/process-instance/{id}", HttpMethod.DELETE, null, String.class,
        incident.getId()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).count()).as("not deleted").isOne();
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.PROPOSED_SEVERITY)).isEqualTo("SEV-3");
    assertThat(task(incident, IncidentResponse.TRIAGE)).as("not completed").isNotNull();

    assertThat(list("auditor", "/engine-rest/history/process-instance?processInstanceId={id}", incident.getId())).hasSize(1);
    assertThat(names(list("auditor", "/engine-rest/history/task?processInstanceId={id}", incident.getId())))
        .contains("SEV-3 \u00b7 Acknowledge and assess severity");
    assertThat(list("auditor", "/engine-rest/history/variable-instance?processInstanceId={id}", incident.getId()))
        .isNotEmpty();
    assertThat(list("auditor", "/engine-rest/history/activity-instance?processInstanceId={id}", incident.getId()))
        .isNotEmpty();
    list("auditor", "/engine-rest/history/user-operation?maxResults=50");
    list("auditor", "/engine-rest/incident");
    assertThat(list("auditor", "/engine-rest/process-instance?businessKey={key}&processDefinitionKey=incident-response", incident.getBusinessKey())).hasSize(1);
  }

  @Test
  void managerReadsEverythingButChangesNothing() {
    ProcessInstance incident = reportIncident("SEV-3", false);
    Task triage = task(incident, IncidentResponse.TRIAGE);
    TestRestTemplate manager = as("manager");

    assertThat(list("manager", "/engine-rest/process-instance?businessKey={key}&processDefinitionKey=incident-response", incident.getBusinessKey())).hasSize(1);
    assertThat(names(list("manager", "/engine-rest/task?processInstanceId={id}", incident.getId())))
        .containsExactly("SEV-3 \u00b7 Acknowledge and assess severity");
    assertThat(manager.getForEntity("/engine-rest/process-instance/{id}/variables", Map.class, incident.getId())
        .getBody()).containsKey(ProcessVariables.INCIDENT_ID);
    assertThat(list("manager", "/engine-rest/history/activity-instance?processInstanceId={id}", incident.getId())).isNotEmpty();
    assertThat(list("manager", "/engine-rest/deployment")).isNotEmpty();

    assertThat(complete("manager", triage, triage("SEV-3", false)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(manager.postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "manager"), String.class,
        triage.getId()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(manager.exchange("/engine-rest/process-instance/{id}/variables/severity", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", "SEV-1", "type", "String")), String.class, incident.getId()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(manager.exchange("/engine-rest/process-instance/{id}/suspended", HttpMethod.PUT,
        new HttpEntity<>(Map.of("suspended", true)), String.class, incident.getId()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(manager.exchange("/engine-rest/process-instance/{id}", HttpMethod.DELETE, null, String.class,
        incident.getId()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).active().count()).isOne();
    assertThat(tasks.createTaskQuery().taskId(triage.getId()).singleResult().getAssignee()).isNull();
  }

  @Test
  void theUserOperationLogNamesWhoCompletedATaskThroughRest() {
    ProcessInstance incident = reportIncident("SEV-4", false);
    Task triage = task(incident, IncidentResponse.TRIAGE);

    complete("responder", triage, triage("SEV-4", false));

    List<UserOperationLogEntry> completions = history.createUserOperationLogQuery().taskId(triage.getId())
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list();
    assertThat(completions).isNotEmpty().allSatisfy(entry -> assertThat(entry.getUserId()).isEqualTo("responder"));
    assertThat(list("auditor", "/engine-rest/history/user-operation?taskId={id}", triage.getId()))
        .extracting(entry -> entry.get("userId")).containsOnly("responder");
  }

  @Test
  void javaSerializedVariablesAreRefused() {
    ProcessInstance incident = reportIncident("SEV-4", false);
    Map<String, Object> serialized = Map.of(
        "value", "rO0ABXNyABNqYXZhLnV0aWwuQXJyYXlMaXN0eIHSHZnHYZ0DAAFJAARzaXpleHAAAAAAdwQAAAAAeA==",
        "type", "Object",
        "valueInfo", Map.of("objectTypeName", "java.util.ArrayList",
            "serializationDataFormat", "application/x-java-serialized-object"));

    ResponseEntity<String> response = as("admin").exchange("/engine-rest/process-instance/{id}/variables/payload",
        HttpMethod.PUT, new HttpEntity<>(serialized), String.class, incident.getId());

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).contains("Java serialization format is prohibited");
    assertThat(runtime.getVariable(incident.getId(), "payload")).isNull();
  }
}
