package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import io.runbook.system.TasklistFilters;
import io.runbook.testing.WebTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Need-to-know (issue 11): Security's and Legal's reviews are readable by their own group, the
 * incident's Incident Commander (through {@code /api/incidents/{id}/reviews}), auditors and
 * administrators only, by every read route of Camunda's REST API and Runbook's own API.
 *
 * <p>Two data-breach, security-related incidents are driven to both reviews, with {@code lead} as
 * Incident Commander. On the first, Legal comments (and edits the comment) and both groups complete
 * their reviews; on the second both reviews stay open with drafts saved, so the runtime routes have
 * something to leak. Every value, comment and draft carries a marker unique to this run and to the
 * review's kind; then every demo user calls every route, and the body must hold a kind's marker
 * exactly when that user is meant to read that kind through that route.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewConfidentialityTest {

  static final List<String> USERS =
      List.of("responder", "lead", "manager", "cto", "security", "legal", "comms", "auditor", "admin");
  static final String COMMANDER = "lead";
  static final String LEGAL = "legal";
  static final String SECURITY = "security";

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired FilterService filters;
  @Autowired ManagementService management;

  /** Markers of one run: a kind's content holds one of them; nothing else does. */
  final String run = UUID.randomUUID().toString().substring(0, 8);
  final Map<String, List<String>> markers = Map.of(
      LEGAL, List.of("LegalFinding-" + run, "LegalComment-" + run, "LegalCommentEdited-" + run, "LegalDraft-" + run),
      SECURITY, List.of("SecurityFinding-" + run, "SecurityDraft-" + run));

  /** One incident and its two review instances. */
  record Incident(String id, String businessKey, Map<String, String> reviewInstance, Map<String, String> reviewTask) {}

  Incident done;
  Incident open;
  String legalCommentId;
  String statusPageTask;

  private TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user);
  }

  private static Map<String, Object> rest(Map<String, Object> variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    return Map.of("variables", values);
  }

  private void expectNoContent(ResponseEntity<String> response, String what) {
    assertThat(response.getStatusCode()).as("%s: %s", what, response.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** A SEV-1 data breach reported, triaged by a responder and given a team with lead as Incident Commander. */
  private Incident driveToReviews(String title) {
    Map<String, Object> report = new HashMap<>(Map.of(ProcessVariables.TITLE, title, ProcessVariables.SOURCE, "user-report",
        ProcessVariables.PROPOSED_SEVERITY, "SEV-1", ProcessVariables.SECURITY_RELATED, true));
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);
    Task triage = tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult();
    Map<String, Object> triaged = new HashMap<>(Map.of("acknowledged", true, "title", title, "severity", "SEV-1",
        "affectedSystems", "tenant-api", "affectedUsers", "two tenants", "securityRelated", true,
        "dataBreachSuspected", true, "stakeholdersNotified", true));
    expectNoContent(as("responder").postForEntity("/engine-rest/task/{id}/complete", rest(triaged), String.class,
        triage.getId()), "triage");
    Task assemble = tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.ASSEMBLE_TEAM).singleResult();
    Map<String, Object> team = Map.of(ProcessVariables.INCIDENT_COMMANDER, COMMANDER, ProcessVariables.TECHNICAL_LEAD, "responder",
        ProcessVariables.COMMUNICATIONS_LEAD, "comms", ProcessVariables.SCRIBE, "manager", "channelCreated", true, "teamAssembled", true);
    expectNoContent(as("lead").postForEntity("/engine-rest/task/{id}/submit-form", rest(team), String.class,
        assemble.getId()), "team");

    Map<String, String> instances = new HashMap<>();
    Map<String, String> reviewTasks = new HashMap<>();
    for (var review : Map.of(LEGAL, LegalReview.PROCESS_KEY,
        SECURITY, SecurityReview.PROCESS_KEY).entrySet()) {
      ProcessInstance called = runtime.createProcessInstanceQuery().superProcessInstanceId(incident.getId())
          .processDefinitionKey(review.getValue()).singleResult();
      instances.put(review.getKey(), called.getId());
      reviewTasks.put(review.getKey(), tasks.createTaskQuery().processInstanceId(called.getId()).singleResult().getId());
    }
    return new Incident(incident.getId(), incident.getBusinessKey(), instances, reviewTasks);
  }

  @BeforeAll
  void twoIncidentsWithReviewsDoneAndOpen() {
    done = driveToReviews("Tenant data exposed " + run);
    String legalTask = done.reviewTask().get(LEGAL);
    ResponseEntity<Map> comment = as(LEGAL).postForEntity("/engine-rest/task/{id}/comment/create",
        Map.of("message", "Regulator call: " + markers.get(LEGAL).get(1)), Map.class, legalTask);
    assertThat(comment.getStatusCode()).as("comment: %s", comment.getBody()).isEqualTo(HttpStatus.OK);
    legalCommentId = (String) comment.getBody().get("id");
    expectNoContent(as(LEGAL).exchange("/engine-rest/task/{id}/comment", HttpMethod.PUT,
        new HttpEntity<>(Map.of("id", legalCommentId, "message", "Regulator called: " + markers.get(LEGAL).get(2))),
        String.class, legalTask), "comment edit");
    expectNoContent(as(LEGAL).postForEntity("/engine-rest/task/{id}/complete", rest(Map.of(
        "breachConfirmed", "confirmed",
        "notificationObligations", "Notify the regulator within 72 hours: " + markers.get(LEGAL).get(0),
        "legalNotes", "Counsel: " + markers.get(LEGAL).get(0))), String.class, legalTask), "legal review");
    // A confirmed breach: Legal's sign-off (issue 16) ends its review.
    String signOff = tasks.createTaskQuery().processInstanceId(done.reviewInstance().get(LEGAL))
        .taskDefinitionKey(LegalReview.LEGAL_SIGN_OFF).singleResult().getId();
    expectNoContent(as(LEGAL).postForEntity("/engine-rest/task/{id}/complete", rest(Map.of(
        "breachConfirmed", "confirmed",
        "notificationObligations", "Regulator notified: " + markers.get(LEGAL).get(0),
        "authorityNotifiedAt", "2026-12-02 09:00 UTC: " + markers.get(LEGAL).get(0),
        "closingSignedOff", true)), String.class, signOff), "legal sign-off");
    expectNoContent(as(SECURITY).postForEntity("/engine-rest/task/{id}/complete", rest(Map.of(
        "securityFindings", "Token leak: " + markers.get(SECURITY).get(0),
        "threatContained", true,
        "securityActions", "Rotate keys: " + markers.get(SECURITY).get(0))), String.class,
        done.reviewTask().get(SECURITY)), "security review");

    open = driveToReviews("Tenant data exposed again " + run);
    // Investigation (the responders' task) follows the asynchronous "Gather recent changes".
    management.executeJob(management.createJobQuery().processInstanceId(open.id())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    statusPageTask = tasks.createTaskQuery().processInstanceId(open.id())
        .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).singleResult().getId();
    // Drafts saved on the open reviews (what a form's "save" or a PUT of task variables leaves behind).
    tasks.setVariables(open.reviewTask().get(LEGAL), Map.of("legalNotes", "Draft: " + markers.get(LEGAL).get(3)));
    tasks.setVariables(open.reviewTask().get(SECURITY),
        Map.of("securityFindings", "Draft: " + markers.get(SECURITY).get(1)));
  }

  /**
   * One read route. {@code kind} names the review whose instance, task or field the path points at
   * (the other kind's content cannot be there), or is null for routes where either could leak;
   * {@code readers} says who is meant to read a kind's content through it.
   */
  record Route(String name, String kind, HttpMethod method, BiFunction<ReviewConfidentialityTest, String, String> path,
      Object body, Function<String, Set<String>> readers) {

    static Route get(String name, String kind, Function<ReviewConfidentialityTest, String> path,
        Function<String, Set<String>> readers) {
      return new Route(name, kind, HttpMethod.GET, (test, user) -> path.apply(test), null, readers);
    }

    boolean reads(String user, String contentKind) {
      return (kind == null || kind.equals(contentKind)) && readers.apply(contentKind).contains(user);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Set<String> nobody(String kind) {
    return Set.of();
  }

  /** History: the review's group, auditors (READ_HISTORY_VARIABLE on *) and administrators. */
  static Set<String> historyReaders(String kind) {
    return Set.of(kind, "auditor", "admin");
  }

  /** Runtime variables: the review's group and administrators (auditors read history only). */
  static Set<String> runtimeReaders(String kind) {
    return Set.of(kind, "admin");
  }

  static Set<String> reviewsEndpointReaders(String kind) {
    return Set.of(kind, "auditor", "admin", COMMANDER);
  }

  static final String LEGAL_FIELD = "legalNotes";

  /** Each kind's routes are the same; per kind the path names that kind's instance, task or field. */
  static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (String kind : List.of(LEGAL, SECURITY)) {
      String field = kind.equals(LEGAL) ? LEGAL_FIELD : "securityFindings";
      routes.add(Route.get(kind + ": history variables of the review", kind, t ->
          "/engine-rest/history/variable-instance?processInstanceId=" + t.done.reviewInstance().get(kind),
          ReviewConfidentialityTest::historyReaders));
      routes.add(Route.get(kind + ": history variables by name", kind, t ->
          "/engine-rest/history/variable-instance?variableName=" + field, ReviewConfidentialityTest::historyReaders));
      routes.add(Route.get(kind + ": history details of the review", kind, t ->
          "/engine-rest/history/detail?processInstanceId=" + t.done.reviewInstance().get(kind),
          ReviewConfidentialityTest::historyReaders));
      routes.add(Route.get(kind + ": runtime variables of the open review", kind, t ->
          "/engine-rest/variable-instance?processInstanceIdIn=" + t.open.reviewInstance().get(kind),
          ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": runtime variables by name", kind, t ->
          "/engine-rest/variable-instance?variableName=" + field, ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": process-instance variables of the open review", kind, t ->
          "/engine-rest/process-instance/" + t.open.reviewInstance().get(kind) + "/variables",
          ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": execution local variables of the open review", kind, t ->
          "/engine-rest/execution/" + t.open.reviewInstance().get(kind) + "/localVariables",
          ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": variables of the open review task", kind, t ->
          "/engine-rest/task/" + t.open.reviewTask().get(kind) + "/variables",
          ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": form variables of the open review task", kind, t ->
          "/engine-rest/task/" + t.open.reviewTask().get(kind) + "/form-variables",
          ReviewConfidentialityTest::runtimeReaders));
      routes.add(Route.get(kind + ": history tasks of the review", kind, t ->
          "/engine-rest/history/task?processInstanceId=" + t.done.reviewInstance().get(kind),
          ReviewConfidentialityTest::nobody));
    }
    routes.add(Route.get("legal: comments of the done review task", LEGAL, t ->
        "/engine-rest/task/" + t.done.reviewTask().get(LEGAL) + "/comment", ReviewConfidentialityTest::historyReaders));
    // The engine checks no permission when one comment is read by its id; Runbook's filter does.
    routes.add(Route.get("legal: one comment by its id", LEGAL, t ->
        "/engine-rest/task/" + t.done.reviewTask().get(LEGAL) + "/comment/" + t.legalCommentId,
        ReviewConfidentialityTest::historyReaders));
    routes.add(Route.get("legal: user operation log of the review task (comment edit)", LEGAL, t ->
        "/engine-rest/history/user-operation?taskId=" + t.done.reviewTask().get(LEGAL),
        ReviewConfidentialityTest::historyReaders));
    // The incident itself holds no word of the reviews: nothing is mapped back.
    routes.add(Route.get("incident: history variables", null, t ->
        "/engine-rest/history/variable-instance?processInstanceId=" + t.done.id(), ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: history details", null, t ->
        "/engine-rest/history/detail?processInstanceId=" + t.done.id(), ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: process-instance variables (done)", null, t ->
        "/engine-rest/process-instance/" + t.done.id() + "/variables", ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: process-instance variables (open)", null, t ->
        "/engine-rest/process-instance/" + t.open.id() + "/variables", ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: runtime variables", null, t ->
        "/engine-rest/variable-instance?processInstanceIdIn=" + t.done.id() + "," + t.open.id(),
        ReviewConfidentialityTest::nobody));
    for (String what : List.of("variables", "form-variables")) {
      routes.add(new Route("incident: " + what + " of a task the user holds in the incident", null, HttpMethod.GET,
          (t, user) -> t.heldIncidentTask(user) + "/" + what, null, ReviewConfidentialityTest::nobody));
    }
    routes.add(Route.get("incident: process-instance comments", null, t ->
        "/engine-rest/process-instance/" + t.done.id() + "/comment", ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: history tasks", null, t ->
        "/engine-rest/history/task?processInstanceBusinessKey=" + t.done.businessKey(), ReviewConfidentialityTest::nobody));
    routes.add(Route.get("incident: history process instances with the called reviews", null, t ->
        "/engine-rest/history/process-instance?processInstanceBusinessKey=" + t.done.businessKey(),
        ReviewConfidentialityTest::nobody));
    routes.add(Route.get("Tasklist: tasks of the incidents", null, t ->
        "/engine-rest/task?processInstanceBusinessKeyIn=" + t.done.businessKey() + "," + t.open.businessKey(),
        ReviewConfidentialityTest::nobody));
    routes.add(new Route("Tasklist: the shared group filter with its card variables", null, HttpMethod.POST,
        (t, user) -> "/engine-rest/filter/" + t.filters.createFilterQuery().filterName(TasklistFilters.GROUP_TASKS)
            .singleResult().getId() + "/list?firstResult=0&maxResults=200",
        Map.of(), ReviewConfidentialityTest::nobody));
    routes.add(Route.get("api: incidents", null, t -> "/api/incidents?size=200", ReviewConfidentialityTest::nobody));
    routes.add(Route.get("api: the incident board", null, t -> "/api/board", ReviewConfidentialityTest::nobody));
    routes.add(Route.get("api: the incident", null, t -> "/api/incidents/" + t.done.businessKey(),
        ReviewConfidentialityTest::nobody));
    routes.add(Route.get("api: reviews of the done incident", null, t -> "/api/incidents/" + t.done.businessKey() + "/reviews",
        ReviewConfidentialityTest::reviewsEndpointReaders));
    routes.add(Route.get("api: reviews of the open incident", null, t -> "/api/incidents/" + t.open.businessKey() + "/reviews",
        ReviewConfidentialityTest::reviewsEndpointReaders));
    return routes;
  }

  /** The first task of the two incidents (not of their reviews) that Tasklist shows this user. */
  String heldIncidentTask(String user) {
    ResponseEntity<List> visible = as(user).getForEntity(
        "/engine-rest/task?processDefinitionKey={key}&processInstanceBusinessKeyIn={keys}", List.class,
        IncidentResponse.PROCESS_KEY, done.businessKey() + "," + open.businessKey());
    assertThat(visible.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> held = visible.getBody();
    // A user who holds none asks for the status page task anyway (and is refused).
    String taskId = held.isEmpty() ? statusPageTask : (String) held.get(0).get("id");
    return "/engine-rest/task/" + taskId;
  }

  static Stream<Arguments> everyUserOnEveryRoute() {
    return USERS.stream().flatMap(user -> routes().stream().map(route -> Arguments.of(user, route)));
  }

  private ResponseEntity<String> call(String user, Route route) {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(List.of(route.name().startsWith("Tasklist: the shared") ? MediaType.parseMediaType("application/hal+json")
        : MediaType.APPLICATION_JSON));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as(user).exchange(route.path().apply(this, user), route.method(), new HttpEntity<>(route.body(), headers),
        String.class);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyUserOnEveryRoute")
  void aReviewIsReadOnlyByThoseWhoNeedToKnow(String user, Route route) {
    ResponseEntity<String> response = call(user, route);
    String body = String.valueOf(response.getBody());
    assertThat(response.getStatusCode().is5xxServerError()).as("%s: %s", response.getStatusCode(), body).isFalse();
    for (String kind : List.of(LEGAL, SECURITY)) {
      List<String> seen = markers.get(kind).stream().filter(body::contains).toList();
      if (route.reads(user, kind)) {
        assertThat(seen).as("%s should read %s's review via %s (%s): %s", user, kind, route, response.getStatusCode(),
            body).isNotEmpty();
      } else {
        assertThat(seen).as("%s must not read %s's review via %s: %s", user, kind, route, body).isEmpty();
      }
    }
  }

  @Test
  void theReviewsEndpointAnswersWhoCompletedWhatAndRefusesOthers() {
    ResponseEntity<Map> commander = as(COMMANDER).getForEntity("/api/incidents/{id}/reviews", Map.class,
        done.businessKey());
    assertThat(commander.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(commander.getBody()).containsEntry("incidentCommander", COMMANDER);
    List<Map<String, Object>> reviews = (List<Map<String, Object>>) commander.getBody().get("reviews");
    assertThat(reviews).extracting(r -> r.get("kind")).containsExactlyInAnyOrder(LEGAL, SECURITY);
    Map<String, Object> legal = reviews.stream().filter(r -> LEGAL.equals(r.get("kind"))).findFirst().orElseThrow();
    assertThat(legal).containsEntry("completedBy", LEGAL).containsEntry("state", "COMPLETED")
        .containsKey("completedAt");
    assertThat((Map<String, Object>) legal.get("values")).containsEntry("breachConfirmed", "confirmed")
        .containsKeys("notificationObligations", LEGAL_FIELD).doesNotContainKeys(ProcessVariables.INCIDENT_ID, ProcessVariables.TITLE);
    assertThat((List<Map<String, Object>>) legal.get("comments")).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("userId", LEGAL)
            .containsEntry("message", "Regulator called: " + markers.get(LEGAL).get(2)));

    ResponseEntity<Map> ownKind = as(SECURITY).getForEntity("/api/incidents/{id}/reviews", Map.class, done.businessKey());
    assertThat(ownKind.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((List<Map<String, Object>>) ownKind.getBody().get("reviews")).extracting(r -> r.get("kind"))
        .containsExactly(SECURITY);

    for (String refused : List.of("responder", "manager", "cto", "comms")) {
      assertThat(as(refused).getForEntity("/api/incidents/{id}/reviews", String.class, done.businessKey())
          .getStatusCode()).as(refused).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(as("admin").getForEntity("/api/incidents/{id}/reviews", String.class, "INC-1999-0001")
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/incidents/{id}/reviews", String.class, done.businessKey()).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theReviewsRunInTheirOwnProcessesAndTheIncidentKeepsNoWordOfThem() {
    List<HistoricProcessInstance> called = history.createHistoricProcessInstanceQuery()
        .superProcessInstanceId(done.id()).list();
    assertThat(called).extracting(HistoricProcessInstance::getProcessDefinitionKey)
        .contains(LegalReview.PROCESS_KEY, SecurityReview.PROCESS_KEY);
    assertThat(called).filteredOn(p -> p.getProcessDefinitionKey().endsWith("-review"))
        .allSatisfy(p -> assertThat(p.getBusinessKey()).isEqualTo(done.businessKey()));
    List<String> allMarkers = markers.values().stream().flatMap(List::stream).toList();
    for (Incident incident : List.of(done, open)) {
      List<String> incidentVariables = history.createHistoricVariableInstanceQuery()
          .processInstanceId(incident.id()).list().stream().map(v -> v.getName() + "=" + v.getValue()).toList();
      assertThat(incidentVariables).isNotEmpty()
          .noneMatch(v -> allMarkers.stream().anyMatch(v::contains))
          .noneMatch(v -> v.startsWith("breachConfirmed=") || v.startsWith("securityFindings=")
              || v.startsWith("legalNotes=") || v.startsWith("threatContained="));
    }
  }
}
