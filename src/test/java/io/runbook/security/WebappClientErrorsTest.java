package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11, point 6, for the webapps: Tasklist, Cockpit and Admin call their own copy of the engine
 * REST API ({@code /camunda/api/engine/engine/default/...}), a separate Jersey application. A
 * caller's mistake there must answer the same 4xx as on {@code /engine-rest}, never a 500. Each test
 * logs in like the browser does (session cookie, XSRF token) and sends its requests over real HTTP.
 */
@WebTest
class WebappClientErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/camunda/api/engine/engine/default";

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  /** Two people on Tasklist complete the same task at once: one wins, the other gets 409 (or 404 once it is gone), never 500. */
  @Test
  void theLoserOfConcurrentCompletionsInTasklistGets409() throws Exception {
    List<Session> people = List.of(login(), login(), login(), login());
    ExecutorService threads = Executors.newFixedThreadPool(people.size());
    boolean conflictSeen = false;
    try {
      for (int attempt = 0; attempt < 5 && !conflictSeen; attempt++) {
        Incident incident = newIncident();
        String taskId = incident.taskId();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (Session person : people) {
          answers.add(CompletableFuture.supplyAsync(() -> {
            try {
              start.await();
              return person.send("POST", API + "/task/" + taskId + "/complete", triage());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }, threads));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get();
          statuses.add(response.statusCode());
          if (response.statusCode() == 409) {
            conflictSeen = true;
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("type").asText()).isEqualTo("OptimisticLockingException");
            assertThat(body.path("message").asText()).contains(taskId);
          }
        }
        assertThat(statuses).as("statuses").containsOnlyOnce(204).allMatch(s -> s == 204 || s == 409 || s == 404);
        assertThat(tasks.createTaskQuery().taskId(taskId).count()).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.processInstanceId()).count()).isOne();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(conflictSeen).as("a 409 among the concurrent completions").isTrue();
  }

  @Test
  void completingAnAlreadyCompletedTaskAnswers404() throws Exception {
    Session admin = login();
    String taskId = newIncident().taskId();
    HttpResponse<String> first = admin.send("POST", API + "/task/" + taskId + "/complete", triage());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(204);

    HttpResponse<String> again = admin.send("POST", API + "/task/" + taskId + "/complete", triage());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
    assertThat(JSON.readTree(again.body()).path("message").asText()).contains(taskId);
  }

  @Test
  void jobRetriesWithoutRetriesAnswers400NamingTheField() throws Exception {
    Session admin = login();
    String jobId = newIncident().jobId();
    int retriesBefore = job(jobId).getRetries();

    HttpResponse<String> response = admin.send("PUT", API + "/job/" + jobId + "/retries", "{}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("retries");
    assertThat(job(jobId).getRetries()).isEqualTo(retriesBefore);
  }

  @Test
  void startingWithValuesThatFailTheStartFormAnswers400() throws Exception {
    Session admin = login();
    long instancesBefore = runtime.createProcessInstanceQuery().count();

    HttpResponse<String> response = admin.send("POST", API + "/process-definition/key/incident-response/start",
        "{\"variables\":{\"title\":{\"value\":\"Login broken\"},\"source\":{\"value\":\"pager\"},"
            + "\"proposedSeverity\":{\"value\":\"SEV-2\"}}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("must be one of");
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
  }

  /** A browser-like session on the webapps, logged in to Tasklist as the admin (who passes every authorization). */
  private Session login() throws Exception {
    CookieManager cookies = new CookieManager();
    Session session = new Session(HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build(),
        cookies, "http://localhost:" + port);
    session.client().send(HttpRequest.newBuilder(session.uri("/camunda/app/tasklist/default/")).build(), BodyHandlers.ofString());
    HttpResponse<String> login = session.client().send(HttpRequest.newBuilder(
            session.uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", session.xsrf())
        .POST(BodyPublishers.ofString("username=admin&password=admin")).build(), BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    // The login starts a new session without a token; like Tasklist, fetch the user to be given one.
    HttpResponse<String> user = session.client().send(
        HttpRequest.newBuilder(session.uri("/camunda/api/admin/auth/user/default")).build(), BodyHandlers.ofString());
    assertThat(user.body()).contains("\"userId\":\"admin\"");
    assertThat(session.xsrf()).isNotEmpty();
    return session;
  }

  /** One browser: its cookies (session, XSRF token) and the server it talks to. */
  private record Session(HttpClient client, CookieManager cookies, String base) {
    URI uri(String path) {
      return URI.create(base + path);
    }

    /** The current XSRF token; Camunda may issue a new one, so it is read for every write. */
    String xsrf() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      return client.send(HttpRequest.newBuilder(uri(path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header("X-XSRF-TOKEN", xsrf())
          .method(method, BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }
  }

  /** A fresh incident: its process, triage task and one job. */
  private record Incident(String processInstanceId, String taskId, String jobId) {}

  private Incident newIncident() {
    String processInstanceId = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "API latency", "source", "team-observation", "proposedSeverity", "SEV-3")).getId();
    String taskId = tasks.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    Job job = management.createJobQuery().processInstanceId(processInstanceId).list().get(0);
    return new Incident(processInstanceId, taskId, job.getId());
  }

  private Job job(String jobId) {
    return management.createJobQuery().jobId(jobId).singleResult();
  }

  private static String triage() {
    return "{\"variables\":{\"acknowledged\":{\"value\":true},\"title\":{\"value\":\"API latency\"},"
        + "\"severity\":{\"value\":\"SEV-3\"},\"affectedSystems\":{\"value\":\"api\"},"
        + "\"affectedUsers\":{\"value\":\"all\"},\"stakeholdersNotified\":{\"value\":true}}}";
  }
}
