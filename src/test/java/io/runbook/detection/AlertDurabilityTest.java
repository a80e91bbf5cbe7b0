package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbook.RunbookApplication;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A 202 means committed: alerts are posted while the H2 file database is shut down the way a crash
 * leaves it ({@code SHUTDOWN IMMEDIATELY}: no final write, no clean-up); a new application context on
 * the same file finds every accepted alert on its incident, and brings the incident processes up to
 * date with alerts they had not been told about before the crash.
 */
class AlertDurabilityTest {

  @TempDir Path data;

  private ConfigurableApplicationContext start(String url, String syncDelay) {
    return new SpringApplicationBuilder(RunbookApplication.class).profiles("demo", "test")
        .run("--server.port=0", "--spring.datasource.url=" + url, "--runbook.detection.sync-delay=" + syncDelay,
            "--runbook.detection.sync-interval=" + syncDelay);
  }

  private record Accepted(String dedupKey, String incidentId) {}

  @Test
  void everyAcceptedAlertIsFoundOnItsIncidentAfterACrash() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("runbook") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    // The first run never gets to tell the processes about duplicates: that is left for after the crash.
    ConfigurableApplicationContext first = start(url, "1h");
    IngestClient client = new IngestClient(Integer.parseInt(first.getEnvironment().getProperty("local.server.port")));
    ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean crashed = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      senders.submit(() -> {
        while (!crashed.get() || sent.get() < 400) {
          int n = sent.incrementAndGet();
          if (n > 2000) {
            return;
          }
          String key = "durable-" + (n % 20);
          try {
            IngestClient.Response answer = client.generic(Map.of("title", "Durability " + key, "dedupKey", key),
                IngestClient.GENERIC_TOKEN);
            if (answer.status() == 202) {
              accepted.add(new Accepted(key, answer.json().path("incidentId").asText()));
            }
          } catch (RuntimeException refusedOrConnectionLost) {
            // Not accepted: the sender keeps it and retries, as Alertmanager does.
          }
        }
      });
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 150);
    first.getBean(JdbcTemplate.class).execute("SHUTDOWN IMMEDIATELY");
    crashed.set(true);
    senders.shutdown();
    assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    closeQuietly(first);
    List<Accepted> acceptedBeforeCrash = new ArrayList<>(accepted);
    assertThat(acceptedBeforeCrash).hasSizeGreaterThanOrEqualTo(150);

    ConfigurableApplicationContext second = start(url, "100ms");
    try {
      JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
      RuntimeService runtime = second.getBean(RuntimeService.class);
      Map<String, Long> perIncident = new java.util.HashMap<>();
      acceptedBeforeCrash.forEach(a -> perIncident.merge(a.incidentId(), 1L, Long::sum));
      assertThat(perIncident).hasSize(20);
      perIncident.forEach((incidentId, count) -> {
        Long stored = jdbc.queryForObject(
            "SELECT COUNT(*) FROM rb_alert WHERE incident_id = ? AND event_type = 'trigger'", Long.class, incidentId);
        assertThat(stored).as("alerts of %s", incidentId).isGreaterThanOrEqualTo(count);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
            .processInstanceBusinessKey(incidentId).count()).as("process of %s", incidentId).isOne();
      });
      // The processes are told after the restart: their alert count matches what was stored.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> perIncident.keySet().forEach(incidentId -> {
        String processId = runtime.createProcessInstanceQuery().processDefinitionKey(io.runbook.process.IncidentResponse.PROCESS_KEY).processInstanceBusinessKey(incidentId).singleResult().getId();
        Long stored = jdbc.queryForObject(
            "SELECT COUNT(*) FROM rb_alert WHERE incident_id = ? AND event_type = 'trigger'", Long.class, incidentId);
        assertThat(((Number) runtime.getVariable(processId, ProcessVariables.ALERT_COUNT)).longValue()).isEqualTo(stored);
      }));
    } finally {
      second.close();
    }
  }

  private static void closeQuietly(ConfigurableApplicationContext context) {
    try {
      context.close();
    } catch (RuntimeException expectedAfterTheDatabaseWentAway) {
      // The crashed database cannot be shut down cleanly.
    }
  }
}
