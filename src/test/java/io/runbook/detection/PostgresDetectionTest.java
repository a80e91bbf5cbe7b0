package io.runbook.detection;

import static io.runbook.detection.Parallel.inParallel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.runbook.incident.IncidentIntake;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The product on PostgreSQL (embedded) as a team runs it: the {@code postgres} profile with the
 * connection in {@code RUNBOOK_DB_URL}, {@code RUNBOOK_DB_USER} and {@code RUNBOOK_DB_PASSWORD}. The
 * migrations and the engine's schema apply, an incident goes from its alert to closed with every
 * person acting over HTTP, one open incident per key holds under parallel requests and racing
 * transactions, and resolve reaches the people.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test", "postgres"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresDetectionTest {

  /** The server, started before the application reads its environment, as a team's database would be. */
  static final EmbeddedPostgres SERVER;

  static {
    try {
      SERVER = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("RUNBOOK_DB_URL", SERVER.getJdbcUrl("postgres", "postgres"));
    System.setProperty("RUNBOOK_DB_USER", "postgres");
    System.setProperty("RUNBOOK_DB_PASSWORD", "");
  }

  /** The server stops after the application's pool, not before (the engine's shutdown would wait on it). */
  @TestConfiguration
  static class ServerLifetime {
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() {
      return SERVER;
    }

    @Bean
    static BeanFactoryPostProcessor poolDependsOnServer() {
      return factory -> factory.getBeanDefinition("dataSource").setDependsOn("embeddedPostgres");
    }
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired AlertIngestion ingestion;

  @Test
  void runsOnPostgresFromTheEnvironmentWithOurMigrationsApplied() {
    assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
    assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo(System.getProperty("RUNBOOK_DB_URL"));
    assertThat(jdbc.queryForList("SELECT version FROM rb_schema_history WHERE success ORDER BY installed_rank", String.class))
        .containsExactly("1", "2", "3", "3.1", "3.2");
  }

  /** Alert, triage, team, investigation, mitigation by an approved rollback, resolution, close: as people do it. */
  @Test
  void anIncidentGoesFromItsAlertToClosedOverHttpOnPostgres() {
    IngestClient client = new IngestClient(port);
    String key = "pg-path-" + UUID.randomUUID();
    IngestClient.Response opened = client.generic(Map.of("title", "Checkout 503 on pg", "dedupKey", key,
        "severity", "error", "labels", Map.of("service", "checkout-api")), IngestClient.GENERIC_TOKEN);
    assertThat(opened.status()).as(opened.body()).isEqualTo(202);
    String incidentId = opened.json().path("incidentId").asText();
    String root = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).singleResult().getId();

    complete("responder", task(root, IncidentResponse.TRIAGE), Map.of("acknowledged", true, "title", "Checkout 503 on pg",
        "severity", "SEV-2", "affectedSystems", "checkout-api", "affectedUsers", "EU customers", "stakeholdersNotified", true));
    complete("lead", task(root, IncidentResponse.ASSEMBLE_TEAM), Map.of(ProcessVariables.INCIDENT_COMMANDER, "lead",
        ProcessVariables.TECHNICAL_LEAD, "responder", ProcessVariables.COMMUNICATIONS_LEAD, "comms",
        ProcessVariables.SCRIBE, "manager", "channelCreated", true, "teamAssembled", true));
    runJob(root, IncidentResponse.GATHER_RECENT_CHANGES);
    complete("comms", task(root, IncidentResponse.STATUS_PAGE_UPDATE), Map.of("statusPageStatus", "Investigating",
        "statusIssue", "failed payments at checkout", "statusImpact", "Some customers cannot pay", "statusNextUpdateMinutes", 30));
    complete("responder", task(root, IncidentResponse.INVESTIGATION), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Release 4.2 pool size"));

    String mitigation = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentMitigation.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).singleResult().getId();
    complete("responder", task(mitigation, IncidentMitigation.MITIGATE), Map.of("mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change", "statusPageUpdated", true));
    complete("lead", task(mitigation, IncidentMitigation.APPROVE_ROLLBACK), Map.of("rollbackApproval", "approved",
        "rollbackApprovalComment", "Go"));
    runJob(mitigation, IncidentMitigation.ROLLBACK);
    runJob(mitigation, IncidentMitigation.VERIFY_HEALTH);
    runJob(mitigation, IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER);
    runJob(mitigation, IncidentMitigation.PERIODIC_HEALTH_CHECK);
    runJob(mitigation, IncidentMitigation.MONITORING_WINDOW_TIMER);

    complete("responder", task(root, IncidentResponse.CONFIRM_ROOT_CAUSE),
        Map.of("confirmedRootCause", "Connection pool size regression in 4.2", "rootCauseConfirmed", true));
    complete("responder", task(root, IncidentResponse.DEPLOY_PERMANENT_FIX), Map.of("permanentFix",
        "Pool size from configuration", "fixReference", "PR-1234", "fixDeployedThroughNormalProcess", true));
    complete("responder", task(root, IncidentResponse.VERIFY_FIX), Map.of("fixVerifiedInProduction", true,
        "verificationNotes", "Error rate back to baseline", "postMortemRequested", false, "closeTicket", true));

    assertThat(jdbc.queryForObject("SELECT state FROM rb_incident_registry WHERE incident_id = ?", String.class, incidentId))
        .isEqualTo("closed");
    IngestClient.Response closed = client.get("/api/incidents?state=closed&severity=SEV-2&size=200");
    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.json().path("items").findValuesAsText("incidentId")).contains(incidentId);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_open_dedup_key WHERE incident_id = ?", Integer.class, incidentId))
        .as("the key is free for a new incident").isZero();
  }

  private Task task(String processInstanceId, String activityId) {
    Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).singleResult();
    assertThat(task).as("task %s", activityId).isNotNull();
    return task;
  }

  private void runJob(String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    assertThat(job).as("job at %s", activityId).isNotNull();
    management.executeJob(job.getId());
  }

  /** The person submits the task's form through the REST API, as Tasklist does. */
  private void complete(String user, Task task, Map<String, Object> values) {
    Map<String, Object> variables = new LinkedHashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    String body = IngestClient.toJson(Map.of("variables", variables));
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/engine-rest/task/" + task.getId() + "/submit-form"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s completes %s: %s", user, task.getName(), response.body()).isEqualTo(204);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void fiftyParallelRequestsAndFiftyRacingTransactionsEachOpenOneIncident() throws Exception {
    IngestClient client = new IngestClient(port);
    String viaHttp = "pg-storm-" + UUID.randomUUID();
    List<Integer> statuses = inParallel(50, i -> client.pagerDuty(IngestClient.pdEvent("trigger", viaHttp,
        Map.of("summary", "Checkout down", "source", "lb", "severity", "critical"))).status());
    assertThat(statuses).containsOnly(202);

    String racing = "pg-race-" + UUID.randomUUID();
    IngestAuthenticator.Sender sender =
        new IngestAuthenticator.Sender("test-generic", IngestEndpoint.GENERIC, IncidentIntake.Source.MONITORING);
    List<IngestResult> results = inParallel(50, i -> ingestion.recordAlone(new AlertBatch(sender,
        AlertBatch.Format.GENERIC, racing, null, List.of(new IncomingAlert(IncomingAlert.Action.TRIGGER, racing, null,
            "Disk full", "", "warning", IncidentIntake.Source.MONITORING, Map.of(), List.of(), "{}")))));
    assertThat(results).filteredOn(IngestResult::created).hasSize(1);

    for (String key : List.of(viaHttp, racing)) {
      List<String> incidents = jdbc.queryForList(
          "SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?", String.class, key);
      assertThat(incidents).as(key).hasSize(1);
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(io.runbook.process.IncidentResponse.PROCESS_KEY).processInstanceBusinessKey(incidents.get(0)).count()).isOne();
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE incident_id = ?", Integer.class,
          incidents.get(0))).isEqualTo(50);
    }
  }

  @Test
  void resolveReachesThePeopleAndTheListShowsIt() {
    IngestClient client = new IngestClient(port);
    String key = "pg-resolve-" + UUID.randomUUID();
    client.generic(Map.of("title", "Search latency high", "dedupKey", key, "severity", "warning"), IngestClient.GENERIC_TOKEN);
    client.generic(Map.of("title", "Search latency high", "dedupKey", key, "severity", "warning"), IngestClient.GENERIC_TOKEN);
    IngestClient.Response resolved = client.generic(
        Map.of("title", "Search latency high", "dedupKey", key, "status", "resolved"), IngestClient.GENERIC_TOKEN);
    String incidentId = resolved.json().path("incidentId").asText();

    await().atMost(Duration.ofSeconds(10)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(incidentId)
        .taskDefinitionKey(IncidentResponse.CONFIRM_RECOVERY).count() == 1);
    assertThat(runtime.getVariable(runtime.createProcessInstanceQuery().processDefinitionKey(io.runbook.process.IncidentResponse.PROCESS_KEY).processInstanceBusinessKey(incidentId)
        .singleResult().getId(), ProcessVariables.ALERT_COUNT)).isEqualTo(2);
    IngestClient.Response list = client.get("/api/incidents?state=open&severity=SEV-3&size=200");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("items").findValuesAsText("incidentId")).contains(incidentId);
  }
}
