package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11's attacks, as each demo role, over real HTTP: every write route of Camunda's REST API
 * (and the webapps' copy of it) that could change an incident's control variables, for every
 * role and control variable. Each must answer 4xx and leave the incident exactly as it was: the
 * same variables, the same open tasks, no extra process.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentIntegrityAbuseTest {

  static final List<String> ROLES = List.of("responder", "lead", "manager", "cto", "security", "legal", "comms", "auditor");

  /** The incident's control variables with the value an attacker would like them to have. */
  static final Map<String, Object> CONTROL = new LinkedHashMap<>();

  static {
    CONTROL.put(ProcessVariables.SEVERITY, "SEV-3");
    CONTROL.put(ProcessVariables.DRILL, true);
    CONTROL.put(ProcessVariables.INCIDENT_COMMANDER, "responder");
    CONTROL.put(ProcessVariables.TECHNICAL_LEAD, "comms");
    CONTROL.put("breachConfirmed", "no-breach");
    CONTROL.put(ProcessVariables.ROLLBACK_APPROVAL, "approved");
    CONTROL.put(ProcessVariables.REPORTED_BY, "nobody");
  }

  /** A write route: method, path template ({task}, {pi}, {name}) and body template. */
  record Route(String method, String path, String body) {
    String path(Ids ids, String name) {
      return path.replace("{task}", ids.task).replace("{pi}", ids.pi).replace("{name}", name);
    }
  }

  record Ids(String task, String pi, String businessKey) {}

  static final List<Route> ROUTES = List.of(
      new Route("PUT", "/engine-rest/task/{task}/variables/{name}", "{value}"),
      new Route("POST", "/engine-rest/task/{task}/variables", "{\"modifications\":{\"{name}\":{value}}}"),
      new Route("DELETE", "/engine-rest/task/{task}/variables/{name}", null),
      new Route("PUT", "/engine-rest/task/{task}/localVariables/{name}", "{value}"),
      new Route("POST", "/engine-rest/task/{task}/localVariables", "{\"modifications\":{\"{name}\":{value}}}"),
      new Route("PUT", "/engine-rest/process-instance/{pi}/variables/{name}", "{value}"),
      new Route("POST", "/engine-rest/process-instance/{pi}/variables", "{\"modifications\":{\"{name}\":{value}}}"),
      new Route("DELETE", "/engine-rest/process-instance/{pi}/variables/{name}", null),
      new Route("PUT", "/engine-rest/execution/{pi}/localVariables/{name}", "{value}"),
      new Route("POST", "/engine-rest/execution/{pi}/localVariables", "{\"modifications\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/process-instance/{pi}/modification",
          "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"VerifyFixTask\",\"variables\":{\"{name}\":{value}}}]}"),
      new Route("POST", "/engine-rest/process-instance/variables-async",
          "{\"processInstanceIds\":[\"{pi}\"],\"variables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/task/{task}/complete", "{\"variables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/task/{task}/submit-form", "{\"variables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/task/{task}/resolve", "{\"variables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/task/{task}/bpmnError", "{\"errorCode\":\"x\",\"variables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/engine/default/task/{task}/variables",
          "{\"modifications\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/message",
          "{\"messageName\":\"AlertRetriggered\",\"processInstanceId\":\"{pi}\",\"processVariables\":{\"{name}\":{value}}}"),
      new Route("POST", "/engine-rest/signal", "{\"name\":\"anything\",\"variables\":{\"{name}\":{value}}}"),
      new Route("PUT", "/engine-rest/task/{task}", "{\"name\":\"{name}\",\"assignee\":\"comms\"}"));

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;

  final HttpClient client = HttpClient.newHttpClient();

  /** The incident under attack: SEV-1, team assembled, the technical lead (lead) holds "Mitigate". */
  private ProcessInstance incident;

  @AfterEach
  void noAuthentication() {
    identity.clearAuthentication();
  }

  // --- helpers -------------------------------------------------------------------------------

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", basic(user))
        .header("Content-Type", "application/json")
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    return client.send(request.build(), BodyHandlers.ofString());
  }

  static String json(Object value) {
    if (value instanceof String s) {
      return "{\"value\":\"" + s + "\",\"type\":\"String\"}";
    }
    return "{\"value\":" + value + ",\"type\":\"Boolean\"}";
  }

  private static Map<String, Object> rest(Map<String, Object> variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    return Map.of("variables", values);
  }

  static String body(Map<String, Object> variables) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(rest(variables));
  }

  Task task(ProcessInstance process, String key) {
    return tasks.createTaskQuery().processInstanceBusinessKey(process.getBusinessKey()).taskDefinitionKey(key)
        .singleResult();
  }

  void completeAs(String user, Task task, Map<String, Object> variables) throws Exception {
    HttpResponse<String> done = send(user, "POST", "/engine-rest/task/" + task.getId() + "/complete", body(variables));
    assertThat(done.statusCode()).as("%s completes %s: %s", user, task.getName(), done.body()).isEqualTo(204);
  }

  /** A SEV-1 incident driven to "Mitigate", with manager as Incident Commander and lead as Technical Lead. */
  ProcessInstance incidentAtMitigation() throws Exception {
    ProcessInstance started = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        ProcessVariables.TITLE, "Checkout is down", ProcessVariables.SOURCE, "user-report", ProcessVariables.PROPOSED_SEVERITY, "SEV-1",
        ProcessVariables.AFFECTED_SYSTEMS, "checkout-api"));
    Map<String, Object> triage = new HashMap<>(Map.of("acknowledged", true, "title", "Checkout is down",
        "severity", "SEV-1", "affectedSystems", "checkout-api", "affectedUsers", "everyone",
        "securityRelated", false, "dataBreachSuspected", false, "stakeholdersNotified", true));
    completeAs("responder", task(started, IncidentResponse.TRIAGE), triage);
    completeAs("lead", task(started, IncidentResponse.ASSEMBLE_TEAM), Map.of("incidentCommander", "manager",
        "technicalLead", "lead", "communicationsLead", "comms", "scribe", "responder",
        "channelCreated", true, "teamAssembled", true));
    management.executeJob(management.createJobQuery().processInstanceId(started.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    completeAs("lead", task(started, IncidentResponse.INVESTIGATION), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true,
        "rootCause", "Release 4.2 exhausted the connection pool"));
    assertThat(task(started, IncidentMitigation.MITIGATE)).isNotNull();
    return started;
  }

  /** Everything an attack could change: every variable of every process of the incident, and its open tasks. */
  Map<String, Object> snapshot(ProcessInstance process) {
    Map<String, Object> state = new TreeMap<>();
    runtime.createProcessInstanceQuery().processInstanceBusinessKey(process.getBusinessKey()).list().forEach(p -> {
      VariableMap variables = runtime.getVariablesTyped(p.getId(), true);
      variables.forEach((name, value) -> state.put(p.getProcessDefinitionId().split(":")[0] + "." + name,
          value instanceof java.io.InputStream ? "a file of " + variables.getValueTyped(name).getType().getName() : value));
    });
    tasks.createTaskQuery().processInstanceBusinessKey(process.getBusinessKey()).list()
        .forEach(t -> state.put("task." + t.getTaskDefinitionKey(), t.getName() + "/" + t.getAssignee()));
    state.put("processes", runtime.createProcessInstanceQuery().count());
    return state;
  }

  // --- the table -----------------------------------------------------------------------------

  Stream<Arguments> attacks() {
    List<Arguments> attacks = new ArrayList<>();
    for (String role : ROLES) {
      for (Route route : ROUTES) {
        for (Map.Entry<String, Object> control : CONTROL.entrySet()) {
          attacks.add(Arguments.of(role, route, control.getKey(), control.getValue()));
        }
      }
    }
    return attacks.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("attacks")
  void noRoleChangesAControlVariableOutsideItsForm(String role, Route route, String name, Object value) throws Exception {
    if (incident == null) {
      incident = incidentAtMitigation();
    }
    // The task the role holds: lead the mitigation, comms the status page, everyone else someone else's.
    Task held = "comms".equals(role) ? task(incident, IncidentResponse.STATUS_PAGE_UPDATE) : task(incident, IncidentMitigation.MITIGATE);
    Ids ids = new Ids(held.getId(), incident.getId(), incident.getBusinessKey());
    Map<String, Object> before = snapshot(incident);

    String body = route.body() == null ? null
        : route.body().replace("{name}", name).replace("{value}", json(value)).replace("{pi}", ids.pi());
    HttpResponse<String> response = send(role, route.method(), route.path(ids, name), body);

    assertThat(response.statusCode()).as("%s %s %s as %s: %s", route.method(), route.path(ids, name), name, role,
        response.body()).isBetween(400, 499);
    assertThat(snapshot(incident)).as("incident unchanged after %s %s as %s", route.method(), name, role)
        .isEqualTo(before);
  }

  // --- the named attacks of the issue -----------------------------------------------------------

  @Test
  void theTechnicalLeadCannotSkipTheRollbackApprovalByLoweringTheSeverity() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    Task mitigate = task(sev1, IncidentMitigation.MITIGATE);
    Map<String, Object> rollback = new HashMap<>(Map.of("mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change", "statusPageUpdated", true));

    rollback.put(ProcessVariables.SEVERITY, "SEV-3");
    HttpResponse<String> lowered = send("lead", "POST", "/engine-rest/task/" + mitigate.getId() + "/submit-form",
        body(rollback));
    assertThat(lowered.statusCode()).isEqualTo(400);
    assertThat(lowered.body()).contains("'severity' is read-only");
    assertThat(runtime.getVariable(sev1.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-1");

    rollback.put(ProcessVariables.SEVERITY, "SEV-1"); // as Tasklist sends a read-only field back: unchanged
    completeAs("lead", mitigate, rollback);
    Task approval = task(sev1, IncidentMitigation.APPROVE_ROLLBACK);
    assertThat(approval).as("the rollback waits for the Incident Commander").isNotNull();
    assertThat(approval.getAssignee()).isEqualTo("manager");
    assertThat(rollbackJobs(sev1)).isZero();
  }

  @Test
  void onlyTheIncidentCommanderApprovesTheRollback() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    completeAs("lead", task(sev1, IncidentMitigation.MITIGATE), Map.of("mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change", "statusPageUpdated", true));
    Task approval = task(sev1, IncidentMitigation.APPROVE_ROLLBACK);
    String approve = body(Map.of("rollbackApproval", "approved"));

    // The technical lead is a team lead, so a candidate of the approval: they take it and approve.
    HttpResponse<String> takeOver = send("lead", "POST", "/engine-rest/task/" + approval.getId() + "/assignee",
        "{\"userId\":\"lead\"}");
    assertThat(takeOver.statusCode()).as(takeOver.body()).isEqualTo(204);
    HttpResponse<String> selfApproved = send("lead", "POST", "/engine-rest/task/" + approval.getId() + "/complete", approve);
    assertThat(selfApproved.statusCode()).isEqualTo(400);
    assertThat(selfApproved.body()).contains("only the Incident Commander (manager)");
    // Making themself the commander first is a variable write: refused.
    assertThat(send("lead", "PUT", "/engine-rest/task/" + approval.getId() + "/variables/incidentCommander",
        json("lead")).statusCode()).isEqualTo(403);
    assertThat(send("lead", "POST", "/engine-rest/task/" + approval.getId() + "/complete",
        body(Map.of("rollbackApproval", "approved", "incidentCommander", "lead"))).statusCode()).isEqualTo(400);
    assertThat(rollbackJobs(sev1)).isZero();
    assertThat(task(sev1, IncidentMitigation.APPROVE_ROLLBACK)).isNotNull();

    completeAs("manager", task(sev1, IncidentMitigation.APPROVE_ROLLBACK), Map.of("rollbackApproval", "approved"));
    assertThat(rollbackJobs(sev1)).isOne();
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceIdIn(mitigationOf(sev1))
        .variableName(ProcessVariables.ROLLBACK_APPROVED_BY).singleResult().getValue()).isEqualTo("manager");
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceIdIn(mitigationOf(sev1))
        .variableName("mitigationRequestedBy").singleResult().getValue()).isEqualTo("lead");
  }

  @Test
  void whoChangedAControlVariableIsRecorded() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    assertThat(runtime.getVariable(sev1.getId(), "triagedBy")).isEqualTo("responder");
    assertThat(runtime.getVariable(sev1.getId(), "responseTeamAssignedBy")).isEqualTo("lead");
  }

  @Test
  void theEngineItselfRefusesATaskHoldersVariableWrite() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    Task status = task(sev1, IncidentResponse.STATUS_PAGE_UPDATE);
    identity.setAuthentication("comms", List.of("communications"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.setVariable(status.getId(), ProcessVariables.SEVERITY, "SEV-4"))
        .isInstanceOf(AuthorizationException.class);
    identity.clearAuthentication();
    assertThat(runtime.getVariable(sev1.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-1");
  }

  @Test
  void theWebappsCopyOfTheApiRefusesTheSameWrites() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    Task status = task(sev1, IncidentResponse.STATUS_PAGE_UPDATE);
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    String base = "http://localhost:" + port;
    browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).build(), BodyHandlers.ofString());
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
            URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", xsrf(cookies))
        .POST(BodyPublishers.ofString("username=comms&password=comms")).build(), BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    // As Tasklist does: the new session's CSRF token comes with the next read.
    browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default")).build(),
        BodyHandlers.ofString());
    Map<String, Object> before = snapshot(sev1);

    HttpResponse<String> write = browser.send(HttpRequest.newBuilder(URI.create(
            base + "/camunda/api/engine/engine/default/task/" + status.getId() + "/variables/drill"))
        .header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf(cookies))
        .PUT(BodyPublishers.ofString(json(true))).build(), BodyHandlers.ofString());
    assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
    assertThat(write.body()).as("refused by Runbook, not by the CSRF check").contains("outside its forms");

    HttpResponse<String> smuggled = browser.send(HttpRequest.newBuilder(URI.create(
            base + "/camunda/api/engine/engine/default/task/" + status.getId() + "/submit-form"))
        .header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf(cookies))
        .POST(BodyPublishers.ofString(body(Map.of("statusPageStatus", "Investigating", "drill", true)))).build(),
        BodyHandlers.ofString());
    assertThat(smuggled.statusCode()).as(smuggled.body()).isEqualTo(400);
    assertThat(smuggled.body()).contains("'drill' is not a field of the form");
    assertThat(snapshot(sev1)).isEqualTo(before);
  }

  private static String xsrf(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
  }

  // --- incident ids ------------------------------------------------------------------------------

  @Test
  void aPersonCannotChooseOrReuseAnIncidentId() throws Exception {
    ProcessInstance open = incidentAtMitigation();
    long processes = runtime.createProcessInstanceQuery().count();
    String report = "{\"businessKey\":\"" + open.getBusinessKey() + "\",\"variables\":{"
        + "\"title\":{\"value\":\"Twin\"},\"source\":{\"value\":\"user-report\"},\"proposedSeverity\":{\"value\":\"SEV-4\"}}}";

    HttpResponse<String> twin = send("responder", "POST",
        "/engine-rest/process-definition/key/incident-response/submit-form", report);
    assertThat(twin.statusCode()).isEqualTo(400);
    assertThat(twin.body()).contains("'businessKey' is not yours to choose");

    // Even an administrator cannot give an open incident's id to a second process, nor invent one.
    HttpResponse<String> adminTwin = send("admin", "POST",
        "/engine-rest/process-definition/key/incident-response/submit-form", report);
    assertThat(adminTwin.statusCode()).isEqualTo(400);
    assertThat(adminTwin.body()).contains("already belongs to another incident process");
    HttpResponse<String> invented = send("admin", "POST",
        "/engine-rest/process-definition/key/incident-response/submit-form", report.replace(open.getBusinessKey(), "INC-2099-0001"));
    assertThat(invented.statusCode()).isEqualTo(400);
    assertThat(invented.body()).contains("not an incident id Runbook allocated");

    // An "alert" incident opened by a person through the message API.
    HttpResponse<String> alert = send("lead", "POST", "/engine-rest/message",
        "{\"messageName\":\"AlertReceived\",\"processVariables\":{\"title\":{\"value\":\"fake alert\"}}}");
    assertThat(alert.statusCode()).isEqualTo(403);
    // And through /start, bypassing the start form.
    assertThat(send("lead", "POST", "/engine-rest/process-definition/key/incident-response/start",
        "{\"variables\":{\"title\":{\"value\":\"x\"}}}").statusCode()).isEqualTo(403);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(processes);

    HttpResponse<String> honest = send("responder", "POST",
        "/engine-rest/process-definition/key/incident-response/submit-form",
        report.replace("\"businessKey\":\"" + open.getBusinessKey() + "\",", ""));
    assertThat(honest.statusCode()).as(honest.body()).isEqualTo(200);
    assertThat(honest.body()).doesNotContain(open.getBusinessKey()).contains("INC-");
  }

  @Test
  void aStartFormTakesOnlyItsFields() throws Exception {
    long processes = runtime.createProcessInstanceQuery().count();
    HttpResponse<String> drill = send("responder", "POST",
        "/engine-rest/process-definition/key/incident-response/submit-form",
        "{\"variables\":{\"title\":{\"value\":\"Real outage\"},\"source\":{\"value\":\"user-report\"},"
            + "\"drill\":{\"value\":true,\"type\":\"Boolean\"}}}");
    assertThat(drill.statusCode()).isEqualTo(400);
    assertThat(drill.body()).contains("'drill' is not a field of the form");
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(processes);
  }

  @Test
  void drillEndpointsActOnDrillsOnly() throws Exception {
    ProcessInstance real = incidentAtMitigation();
    // An administrator marks a real incident as a drill after its start: it stays a real incident.
    assertThat(send("admin", "PUT", "/engine-rest/process-instance/" + real.getId() + "/variables/drill",
        json(true)).statusCode()).isEqualTo(204);
    HttpResponse<String> end = send("lead", "POST", "/api/drills/" + real.getBusinessKey() + "/end", null);
    assertThat(end.statusCode()).isEqualTo(404);
    assertThat(end.body()).contains("is a real incident, not a drill");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(real.getId()).count()).isOne();
  }

  // --- bad input ---------------------------------------------------------------------------------

  @Test
  void badValuesInAFormAreA400NamingTheField() throws Exception {
    ProcessInstance sev1 = incidentAtMitigation();
    Task status = task(sev1, IncidentResponse.STATUS_PAGE_UPDATE);
    String path = "/engine-rest/task/" + status.getId() + "/complete";
    Map<String, String> cases = Map.of(
        "{\"variables\":{\"statusIssue\":{\"value\":42}}}", "'statusIssue' must be text",
        "{\"variables\":{\"statusIssue\":{\"value\":\"" + "x".repeat(4001) + "\"}}}", "at most 4000 characters",
        "{\"variables\":{\"statusNextUpdateMinutes\":{\"value\":\"soon\"}}}", "'statusNextUpdateMinutes' must be a number",
        "{\"variables\":{\"statusIssue\":{\"value\":\"{}\",\"type\":\"Object\",\"valueInfo\":{\"objectTypeName\":\"java.util.HashMap\",\"serializationDataFormat\":\"application/json\"}}}}",
        "'statusIssue' must be text",
        "{\"variables\":{\"statusIssue\":{\"value\":\"x\"}", "the body is not JSON");
    Map<String, Object> before = snapshot(sev1);
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      HttpResponse<String> response = send("comms", "POST", path, bad.getKey());
      assertThat(response.statusCode()).as(bad.getValue()).isEqualTo(400);
      assertThat(response.body()).contains(bad.getValue());
    }
    Task mitigate = task(sev1, IncidentMitigation.MITIGATE);
    HttpResponse<String> checkbox = send("lead", "POST", "/engine-rest/task/" + mitigate.getId() + "/complete",
        "{\"variables\":{\"mitigationAction\":{\"value\":\"quick-fix\"},\"fixImplemented\":{\"value\":1}}}");
    assertThat(checkbox.statusCode()).isEqualTo(400);
    assertThat(checkbox.body()).contains("'fixImplemented' must be true or false");
    assertThat(snapshot(sev1)).isEqualTo(before);
  }

  private long rollbackJobs(ProcessInstance incident) {
    return management.createJobQuery().processInstanceId(mitigationOf(incident)).activityId(IncidentMitigation.ROLLBACK).count();
  }

  private String mitigationOf(ProcessInstance incident) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(incident.getId()).singleResult().getId();
  }
}
