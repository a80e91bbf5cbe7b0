package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Against the real Prometheus Alertmanager (Debian package {@code prometheus-alertmanager}, which
 * {@code .ci/run} installs): alerts posted to Alertmanager reach the app through its webhook
 * receiver, configured as docs/alerts.md shows, open one incident per Alertmanager group, and its
 * resolved notifications reach the people working the incident.
 */
@WebTest
class AlertmanagerIntegrationTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @TempDir Path work;

  private Process alertmanager;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopAlertmanager() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.destroy();
      if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
        alertmanager.destroyForcibly();
      }
    }
  }

  static String binary() {
    String configured = System.getenv("ALERTMANAGER_BIN");
    if (configured != null && new File(configured).canExecute()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(File.pathSeparator)) {
      for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
        File candidate = new File(dir, name);
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    return null;
  }

  private int startAlertmanager() throws Exception {
    String binary = binary();
    if (binary == null) {
      System.err.println("\n*** AlertmanagerIntegrationTest SKIPPED: no prometheus-alertmanager binary on PATH."
          + " Install it with: apt-get install -y prometheus-alertmanager (.ci/run does). ***\n");
    }
    Assumptions.assumeTrue(binary != null, "prometheus-alertmanager is not installed");
    int amPort;
    try (ServerSocket free = new ServerSocket(0)) {
      amPort = free.getLocalPort();
    }
    Path config = work.resolve("alertmanager.yml");
    Files.writeString(config, """
        global:
          resolve_timeout: 5s
        route:
          receiver: runbook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
        receivers:
          - name: runbook
            webhook_configs:
              - url: http://127.0.0.1:%d/api/alerts/alertmanager
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: %s
        """.formatted(port, IngestClient.ALERTMANAGER_TOKEN));
    alertmanager = new ProcessBuilder(binary,
        "--config.file=" + config,
        "--storage.path=" + work.resolve("data"),
        "--web.listen-address=127.0.0.1:" + amPort,
        "--cluster.listen-address=",
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(work.resolve("alertmanager.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> ready(amPort));
    return amPort;
  }

  private boolean ready(int amPort) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + amPort + "/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void postAlerts(int amPort, List<Map<String, Object>> alerts) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + amPort + "/api/v2/alerts"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(IngestClient.toJson(alerts))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static Map<String, Object> alert(String alertname, String instance, String severity, Instant endsAt) {
    return Map.of(
        "labels", Map.of("alertname", alertname, "instance", instance, "severity", severity),
        "annotations", Map.of("summary", alertname + " on " + instance),
        "generatorURL", "http://prometheus.example/graph?g0.expr=" + alertname,
        "startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString(),
        "endsAt", endsAt.toString());
  }

  private List<Map<String, Object>> incidentsFor(String alertname) {
    return jdbc.queryForList("SELECT incident_id, severity, dedup_key FROM rb_incident_registry WHERE dedup_key LIKE ?",
        "%alertname=\"" + alertname + "\"%");
  }

  private int alertsOn(String incidentId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE incident_id = ? AND event_type = 'trigger'",
        Integer.class, incidentId);
  }

  @Test
  void alertmanagerGroupsBecomeIncidentsAndResolvedNotificationsReachThePeople() throws Exception {
    int amPort = startAlertmanager();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String latency = "HighLatency_" + run;
    String disk = "DiskFull_" + run;
    Instant later = Instant.now().plus(1, ChronoUnit.HOURS);

    postAlerts(amPort, List.of(
        alert(latency, "checkout-1", "critical", later),
        alert(latency, "checkout-2", "warning", later),
        alert(disk, "db-1", "warning", later)));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(incidentsFor(latency)).hasSize(1);
      assertThat(incidentsFor(disk)).hasSize(1);
      assertThat(alertsOn((String) incidentsFor(latency).get(0).get("INCIDENT_ID"))).isEqualTo(2);
    });
    Map<String, Object> latencyIncident = incidentsFor(latency).get(0);
    String latencyId = (String) latencyIncident.get("INCIDENT_ID");
    String diskId = (String) incidentsFor(disk).get(0).get("INCIDENT_ID");
    assertThat(latencyIncident.get("SEVERITY")).isEqualTo("SEV-1");
    assertThat(incidentsFor(disk).get(0).get("SEVERITY")).isEqualTo("SEV-3");
    assertThat(alertsOn(diskId)).isEqualTo(1);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(latencyId).count()).isOne();

    // Alertmanager sees the latency alerts end and sends the group's resolved notification.
    Instant now = Instant.now();
    postAlerts(amPort, List.of(
        alert(latency, "checkout-1", "critical", now),
        alert(latency, "checkout-2", "warning", now)));

    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(latencyId)
        .taskDefinitionKey(IncidentResponse.CONFIRM_RECOVERY).count() == 1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE incident_id = ? AND event_type = 'trigger'"
        + " AND status = 'resolved'", Integer.class, latencyId)).isEqualTo(2);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(diskId)
        .taskDefinitionKey(IncidentResponse.CONFIRM_RECOVERY).count()).as("the disk alert still fires").isZero();
    assertThat(incidentsFor(latency)).as("resolving does not open or close incidents").hasSize(1);
  }
}
