package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11, point 6: a caller's mistake is a 4xx naming the problem, never a 500, and changes nothing.
 * Each row sends one bad request over real HTTP as the admin (who passes every authorization, so
 * only the input is wrong) against a fresh incident, then checks the incident and its job as before.
 */
@WebTest
class ClientErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG_TEXT = "x".repeat(4001);

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A fresh incident: its process, triage task and one job. */
  record Incident(String processInstanceId, String taskId, String jobId) {}

  /** One row: the bad request, the status it must get, and what its message must name. */
  record Case(String name, Function<Incident, String[]> request, int status, String messageNames) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> badRequests() {
    return Stream.of(
        new Case("job retries without retries", i -> req("PUT", "/engine-rest/job/" + i.jobId() + "/retries", "{}"),
            400, "retries"),
        new Case("start form values that fail validation", i -> req("POST",
            "/engine-rest/process-definition/key/incident-response/start",
            "{\"variables\":{\"title\":{\"value\":\"Login broken\"},\"source\":{\"value\":\"pager\"},"
                + "\"proposedSeverity\":{\"value\":\"SEV-2\"}}}"),
            400, "must be one of"),
        new Case("Object variable, one variable", i -> req("PUT",
            "/engine-rest/process-instance/" + i.processInstanceId() + "/variables/payload", objectValue()),
            400, "payload"),
        new Case("Object variable, modification", i -> req("POST",
            "/engine-rest/process-instance/" + i.processInstanceId() + "/variables",
            "{\"modifications\":{\"payload\":" + objectValue() + "}}"),
            400, "payload"),
        new Case("Object variable, task variable", i -> req("PUT",
            "/engine-rest/task/" + i.taskId() + "/localVariables/payload", objectValue()),
            400, "payload"),
        new Case("Object variable, process start", i -> req("POST",
            "/engine-rest/process-definition/key/incident-response/start",
            "{\"variables\":{\"payload\":" + objectValue() + "}}"),
            400, "payload"),
        new Case("String over 4000 characters, one variable", i -> req("PUT",
            "/engine-rest/process-instance/" + i.processInstanceId() + "/variables/notes",
            "{\"type\":\"String\",\"value\":\"" + LONG_TEXT + "\"}"),
            400, "'notes'"),
        new Case("String over 4000 characters, modification", i -> req("POST",
            "/engine-rest/process-instance/" + i.processInstanceId() + "/variables",
            "{\"modifications\":{\"notes\":{\"value\":\"" + LONG_TEXT + "\"}}}"),
            400, "4000"),
        new Case("String over 4000 characters, task completion", i -> req("POST",
            "/engine-rest/task/" + i.taskId() + "/complete",
            triage().replace("{\"variables\":{", "{\"variables\":{\"notes\":{\"value\":\"" + LONG_TEXT + "\"},")),
            400, "'notes'"),
        new Case("completing a task that does not exist", i -> req("POST",
            "/engine-rest/task/no-such-task/complete", "{}"),
            404, "no-such-task"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aBadRequestIsA4xxNamingTheProblemAndChangesNothing(Case row) throws Exception {
    Incident incident = newIncident();
    Map<String, Object> variablesBefore = runtime.getVariables(incident.processInstanceId());
    long instancesBefore = runtime.createProcessInstanceQuery().count();
    int retriesBefore = job(incident).getRetries();

    String[] request = row.request().apply(incident);
    HttpResponse<String> response = send(request[0], request[1], request[2]);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(row.status());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("type").asText()).as(response.body()).isNotBlank();
    assertThat(body.path("message").asText()).as(response.body()).contains(row.messageNames());
    assertThat(runtime.getVariables(incident.processInstanceId())).isEqualTo(variablesBefore);
    assertThat(tasks.createTaskQuery().taskId(incident.taskId()).count()).isOne();
    assertThat(job(incident).getRetries()).isEqualTo(retriesBefore);
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
  }

  @Test
  void theErrorPageCalledDirectlyIsNotAServerError() throws Exception {
    HttpResponse<String> response = send("GET", "/error", null);
    assertThat(response.statusCode()).as(response.body()).isIn(400, 404);
    assertThat(JSON.readTree(response.body()).path("message").asText()).isNotBlank();
  }

  @Test
  void completingATaskTwiceAnswers404() throws Exception {
    Incident incident = newIncident();
    assertThat(send("POST", "/engine-rest/task/" + incident.taskId() + "/complete", triage()).statusCode()).isEqualTo(204);
    HttpResponse<String> again = send("POST", "/engine-rest/task/" + incident.taskId() + "/complete", triage());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
    assertThat(again.body()).contains(incident.taskId());
  }

  /** Simultaneous completions of one task: one wins, the others get 409 (or 404 once it is gone), never 500. */
  @Test
  void theLosersOfConcurrentCompletionsGet409() throws Exception {
    boolean conflictSeen = false;
    for (int attempt = 0; attempt < 5 && !conflictSeen; attempt++) {
      Incident incident = newIncident();
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
            return send("POST", "/engine-rest/task/" + incident.taskId() + "/complete", triage());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        statuses.add(response.statusCode());
        bodies.add(response.statusCode() + " " + response.body());
        if (response.statusCode() == 409) {
          conflictSeen = true;
          assertThat(JSON.readTree(response.body()).path("message").asText()).contains(incident.taskId());
        }
      }
      assertThat(statuses).as("statuses: %s", bodies).containsOnlyOnce(204).allMatch(s -> s == 204 || s == 409 || s == 404);
      // The winner's completion, once: triage is done and the incident went on exactly one way.
      assertThat(tasks.createTaskQuery().taskId(incident.taskId()).count()).isZero();
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.processInstanceId()).count()).isOne();
    }
    assertThat(conflictSeen).as("a 409 among the concurrent completions").isTrue();
  }

  private Incident newIncident() {
    String processInstanceId = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "API latency", "source", "team-observation", "proposedSeverity", "SEV-3")).getId();
    String taskId = tasks.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    Job job = management.createJobQuery().processInstanceId(processInstanceId).list().get(0);
    return new Incident(processInstanceId, taskId, job.getId());
  }

  private Job job(Incident incident) {
    return management.createJobQuery().jobId(incident.jobId()).singleResult();
  }

  private static String triage() {
    return "{\"variables\":{\"acknowledged\":{\"value\":true},\"title\":{\"value\":\"API latency\"},"
        + "\"severity\":{\"value\":\"SEV-3\"},\"affectedSystems\":{\"value\":\"api\"},"
        + "\"affectedUsers\":{\"value\":\"all\"},\"stakeholdersNotified\":{\"value\":true}}}";
  }

  private static String objectValue() {
    return "{\"type\":\"Object\",\"value\":\"{\\\"a\\\":1}\",\"valueInfo\":{\"objectTypeName\":\"java.util.HashMap\","
        + "\"serializationDataFormat\":\"application/json\"}}";
  }

  private static String[] req(String method, String path, String body) {
    return new String[] {method, path, body};
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
