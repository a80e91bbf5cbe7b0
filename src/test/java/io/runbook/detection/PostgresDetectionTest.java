package io.runbook.detection;

import static io.runbook.detection.Parallel.inParallel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbook.incident.IncidentIntake;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.support.EmbeddedPostgresDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The same guarantees on PostgreSQL (embedded): the schema applies, one open incident per key holds
 * under parallel requests and racing transactions, and resolve reaches the people.
 */
@Import(EmbeddedPostgresDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresDetectionTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired AlertIngestion ingestion;

  @Test
  void runsOnPostgres() {
    assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
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
