package io.runbook.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The incident board's data, {@code GET /api/board}: open incidents most urgent first with their
 * SLA state, for managers, team leads, auditors and admins only, with Basic or (reads only) the
 * Cockpit session. Incidents are reported in the past on the engine clock and their SLA timers fired
 * by hand, so the SLA states are those the escalation really recorded.
 */
@WebTest
class BoardEndpointTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @LocalServerPort int port;

  @AfterEach
  void resetEngineClock() {
    ClockUtil.reset();
  }

  @Test
  @SuppressWarnings("unchecked")
  void openIncidentsComeMostUrgentFirstWithTheirSlaState() {
    Instant now = Instant.now();
    // A SEV-1 nobody acknowledged for 30 minutes: the Team Lead (level 1) was told with the page, the
    // 15-minute acknowledgement SLA fires and level 2 is told.
    ProcessInstance breached = reportAt(now.minus(Duration.ofMinutes(30)), "Payments down", "SEV-1");
    // A SEV-2 reported 30 minutes ago: 30 minutes left of its hour.
    ProcessInstance sev2 = reportAt(now.minus(Duration.ofMinutes(30)), "Search degraded", "SEV-2");
    // A SEV-1 reported 5 minutes ago: 10 minutes left.
    ProcessInstance fresh = reportAt(now.minus(Duration.ofMinutes(5)), "Login failing", "SEV-1");
    // A SEV-2 triaged at once, with a team and a status update promising the next in 30 minutes.
    ProcessInstance triaged = reportAt(now.minus(Duration.ofMinutes(10)), "Exports slow", "SEV-2");
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(9))));
    complete(triaged, IncidentResponse.TRIAGE, triage("SEV-2"));
    complete(triaged, IncidentResponse.ASSEMBLE_TEAM, Map.of("incidentCommander", "lead", "technicalLead", "responder",
        "communicationsLead", "comms", "scribe", "responder", "channelCreated", true, "teamAssembled", true));
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(8))));
    complete(triaged, IncidentResponse.STATUS_PAGE_UPDATE, Map.of("statusPageStatus", "Investigating",
        "statusIssue", "slow exports", "statusImpact", "Exports take minutes", "statusNextUpdateMinutes", 30L));

    Job ackTimer = management.createJobQuery().processInstanceId(breached.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
    ClockUtil.setCurrentTime(ackTimer.getDuedate());
    management.executeJob(ackTimer.getId());
    ClockUtil.reset();

    ResponseEntity<Map> answer = http.withBasicAuth("manager", "manager").getForEntity("/api/board", Map.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> board = (List<Map<String, Object>>) answer.getBody().get("incidents");
    List<String> ours = List.of(breached.getBusinessKey(), fresh.getBusinessKey(), sev2.getBusinessKey(),
        triaged.getBusinessKey());
    assertThat(board.stream().map(row -> (String) row.get("incidentId")).filter(ours::contains).toList())
        .as("breached first, then the nearest breach").containsExactlyElementsOf(ours);

    Map<String, Object> first = row(board, breached);
    assertThat(first).containsEntry("severity", "SEV-1").containsEntry("title", "Payments down")
        .containsEntry("phase", "Triage").containsEntry("breached", true).containsEntry("escalationLevel", 2)
        .containsEntry("processInstanceId", breached.getId());
    assertThat(first.get("incidentCommander")).isNull();
    Map<String, Object> ack = (Map<String, Object>) first.get("acknowledgement");
    assertThat(ack).containsEntry("state", "breached").containsEntry("active", true).containsEntry("level", 2);
    assertThat(Instant.parse((String) ack.get("breachedAt"))).isEqualTo(now.minus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(((Number) first.get("secondsToBreach")).longValue()).as("overdue by 15 minutes").isCloseTo(-900, within(60L));
    assertThat(((Map<String, Object>) first.get("resolution")).get("state")).isEqualTo("not-started");

    Map<String, Object> soon = row(board, fresh);
    assertThat(((Map<String, Object>) soon.get("acknowledgement")).get("state")).isEqualTo("running");
    assertThat(((Number) soon.get("secondsToBreach")).longValue()).isCloseTo(600, within(60L));
    assertThat(((Number) soon.get("ageSeconds")).longValue()).as("reported 5 minutes ago").isCloseTo(300, within(60L));
    assertThat(((Number) row(board, sev2).get("secondsToBreach")).longValue()).isCloseTo(1800, within(60L));

    Map<String, Object> worked = row(board, triaged);
    assertThat(worked).containsEntry("phase", "Investigation").containsEntry("incidentCommander", "lead")
        .containsEntry("breached", false).containsEntry("escalationLevel", 0)
        .containsEntry("nextStatusUpdateFrom", "last-update");
    assertThat(((Map<String, Object>) worked.get("acknowledgement")).get("state")).isEqualTo("met");
    Map<String, Object> resolution = (Map<String, Object>) worked.get("resolution");
    assertThat(resolution.get("state")).isEqualTo("running");
    assertThat(((Number) resolution.get("secondsToBreach")).longValue()).as("8 h from the report 10 min ago")
        .isCloseTo(Duration.ofHours(8).minusMinutes(10).toSeconds(), within(60L));
    assertThat(Instant.parse((String) worked.get("nextStatusUpdateDue")))
        .isCloseTo(now.plus(Duration.ofMinutes(22)), within(2, java.time.temporal.ChronoUnit.SECONDS));
    assertThat(worked.keySet()).as("a fixed set of fields, nothing else of the incident").isEqualTo(Set.of(
        "incidentId", "title", "severity", "drill", "phase", "incidentCommander", "processInstanceId", "reportedAt",
        "ageSeconds", "acknowledgement", "resolution", "breached", "secondsToBreach", "escalationLevel",
        "nextStatusUpdateDue", "nextStatusUpdateFrom"));

    // Closed incidents leave the board.
    runtime.deleteProcessInstance(sev2.getId(), "test over");
    List<Map<String, Object>> after = (List<Map<String, Object>>) http.withBasicAuth("auditor", "auditor")
        .getForEntity("/api/board", Map.class).getBody().get("incidents");
    assertThat(after).extracting(r -> r.get("incidentId")).doesNotContain(sev2.getBusinessKey())
        .contains(breached.getBusinessKey());
  }

  @Test
  void managersTeamLeadsAuditorsAndAdminsSeeTheBoardOthersDoNot() {
    for (String user : List.of("manager", "lead", "cto", "auditor", "admin")) {
      assertThat(http.withBasicAuth(user, user).getForEntity("/api/board", String.class).getStatusCode()).as(user)
          .isEqualTo(HttpStatus.OK);
    }
    for (String user : List.of("responder", "legal", "comms", "security")) {
      ResponseEntity<String> refused = http.withBasicAuth(user, user).getForEntity("/api/board", String.class);
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refused.getBody()).contains("incident board is for managers").doesNotContain("INC-");
    }
    assertThat(http.getForEntity("/api/board", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aCockpitSessionReadsTheBoardButWritesStillNeedBasic() throws Exception {
    Browser manager = Browser.loggedIn(port, "manager", "cockpit");
    HttpResponse<String> board = manager.get("/api/board");
    assertThat(board.statusCode()).as(board.body()).isEqualTo(200);
    assertThat(board.body()).contains("\"incidents\"");

    long drillsBefore = runtime.createProcessInstanceQuery().variableValueEquals("drill", true).count();
    HttpResponse<String> drill = manager.send("POST", "/api/drills", "{}");
    assertThat(drill.statusCode()).as("a session never writes: " + drill.body()).isEqualTo(401);
    assertThat(runtime.createProcessInstanceQuery().variableValueEquals("drill", true).count()).isEqualTo(drillsBefore);

    // The session's user with their own groups: a responder logged in to Tasklist is refused.
    Browser responder = Browser.loggedIn(port, "responder", "tasklist");
    assertThat(responder.get("/api/board").statusCode()).isEqualTo(403);
    assertThat(responder.get("/api/incidents?size=1").statusCode()).isEqualTo(200);

    manager.send("POST", "/camunda/api/admin/auth/user/default/logout", "");
    assertThat(manager.get("/api/board").statusCode()).as("logged out").isEqualTo(401);
  }

  private ProcessInstance reportAt(Instant at, String title, String severity) {
    ClockUtil.setCurrentTime(Date.from(at));
    return runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", title, "source", "team-observation", "proposedSeverity", severity));
  }

  private void complete(ProcessInstance incident, String taskKey, Map<String, Object> values) {
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(taskKey)
        .singleResult().getId();
    tasks.complete(taskId, values);
  }

  private static Map<String, Object> triage(String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put("acknowledged", true);
    v.put("title", "Exports slow");
    v.put("severity", severity);
    v.put("affectedSystems", "exports");
    v.put("affectedUsers", "reporting customers");
    v.put("securityRelated", false);
    v.put("dataBreachSuspected", false);
    v.put("stakeholdersNotified", true);
    return v;
  }

  private static Map<String, Object> row(List<Map<String, Object>> board, ProcessInstance incident) {
    return board.stream().filter(r -> incident.getBusinessKey().equals(r.get("incidentId"))).findFirst().orElseThrow();
  }

  /** A browser logged in to a Camunda webapp: its session and XSRF cookies. */
  record Browser(HttpClient client, CookieManager cookies, String base) {

    static Browser loggedIn(int port, String user, String app) throws Exception {
      CookieManager cookies = new CookieManager();
      Browser browser = new Browser(HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
          .build(), cookies, "http://localhost:" + port);
      browser.get("/camunda/app/" + app + "/default/");
      HttpResponse<String> login = browser.client.send(HttpRequest.newBuilder(URI.create(browser.base
              + "/camunda/api/admin/auth/user/default/login/" + app))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", browser.xsrf())
          .POST(BodyPublishers.ofString("username=" + user + "&password=" + user)).build(), BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      browser.get("/camunda/api/admin/auth/user/default");
      return browser;
    }

    String xsrf() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
    }

    HttpResponse<String> get(String path) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").build(),
          BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
          .header("X-XSRF-TOKEN", xsrf()).method(method, BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }
  }
}
