package io.runbook.detection;

import static io.runbook.detection.Parallel.inParallel;
import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.incident.IncidentIntake;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An alert storm on one new key opens exactly one incident, whether the requests share a commit
 * (the normal path) or race on their own transactions (the path taken when a shared commit fails);
 * and a busy server answers 503 with Retry-After instead of queueing without bound.
 */
@WebTest
class ConcurrentAlertsTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired AlertIngestion ingestion;
  @Autowired IngestThrottle throttle;

  IngestClient client;

  @BeforeEach
  void client() {
    client = new IngestClient(port);
  }

  @Test
  void fiftyParallelTriggersWithOneNewKeyOpenOneIncident() throws Exception {
    String dedupKey = "storm-" + UUID.randomUUID();
    List<IngestClient.Response> answers = inParallel(50, i -> client.pagerDuty(IngestClient.pdEvent("trigger", dedupKey,
        Map.of("summary", "Checkout 5xx above 5% (" + i + ")", "source", "lb-" + i, "severity", "critical"))));

    assertThat(answers).extracting(IngestClient.Response::status).containsOnly(202);
    assertOneIncidentWith50Alerts(dedupKey);
  }

  @Test
  void fiftyRacingTransactionsWithOneNewKeyOpenOneIncident() throws Exception {
    String dedupKey = "race-" + UUID.randomUUID();
    IngestAuthenticator.Sender sender =
        new IngestAuthenticator.Sender("test-generic", IngestEndpoint.GENERIC, IncidentIntake.Source.MONITORING);

    List<IngestResult> results = inParallel(50, i -> ingestion.recordAlone(new AlertBatch(sender,
        AlertBatch.Format.GENERIC, dedupKey, null, List.of(new IncomingAlert(IncomingAlert.Action.TRIGGER, dedupKey,
            null, "Disk full", "", "warning", IncidentIntake.Source.MONITORING, Map.of(), List.of(), "{}")))));

    assertThat(results).filteredOn(IngestResult::created).hasSize(1);
    assertThat(results).extracting(IngestResult::incidentId).containsOnly(results.get(0).incidentId());
    assertOneIncidentWith50Alerts(dedupKey);
  }

  private void assertOneIncidentWith50Alerts(String dedupKey) {
    List<String> incidents = jdbc.queryForList(
        "SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?", String.class, dedupKey);
    assertThat(incidents).hasSize(1);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidents.get(0)).count()).isOne();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE incident_id = ? AND event_type = 'trigger'",
        Integer.class, incidents.get(0))).isEqualTo(50);
  }

  @Test
  void whenEverySlotIsTakenAlertsAre503WithRetryAfterAndNotRecorded() {
    int slots = throttle.slots().drainPermits();
    long before = jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert", Long.class);
    try {
      IngestClient.Response busy = client.generic(Map.of("title", "Busy probe"), IngestClient.GENERIC_TOKEN);
      IngestClient.Response busyPd = client.pagerDuty(IngestClient.pdEvent("trigger", "busy",
          Map.of("summary", "Busy probe", "source", "probe", "severity", "info")));

      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.header("Retry-After")).isEqualTo("2");
      assertThat(busy.json().path("message").asText()).contains("too many alerts in flight");
      assertThat(busyPd.status()).isEqualTo(503);
      assertThat(busyPd.header("Retry-After")).isEqualTo("2");
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert", Long.class)).isEqualTo(before);
    } finally {
      throttle.slots().release(slots);
    }
    assertThat(client.generic(Map.of("title", "Busy probe"), IngestClient.GENERIC_TOKEN).status()).isEqualTo(202);
  }
}
