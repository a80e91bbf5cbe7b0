package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 11, point 5: the database fails under the running application (its disk fills, then the
 * volume goes away altogether) and comes back. Meanwhile readiness and health say DOWN (503),
 * liveness stays UP, an alert is refused with 503 and a login with 503 (never 2xx, never a 401 that
 * blames the password). Once the disk is back the node recovers by itself, without a restart:
 * readiness UP, logins and alerts work, and the accepted alert is stored.
 *
 * <p>The database is a real H2 file under {@code target/} on {@link FailingDisk}, which makes its file
 * writes (and then reads) fail the way a full or detached disk does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        // The job executor runs as in production: its threads meet the outage too.
        "camunda.bpm.job-execution.enabled=true",
        // Fail fast while no connection can be opened, so the test does not wait 30 s per request.
        "spring.datasource.hikari.connection-timeout=2000"})
@ActiveProfiles({"demo", "test"})
class DatabaseRecoveryTest {

  private static final Path DIRECTORY = Path.of("target", "database-recovery-test");
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    FileSystemUtils.deleteRecursively(DIRECTORY);
    FailingDisk.register();
    FailingDisk.set(FailingDisk.State.OK);
    registry.add("spring.datasource.url", () -> FailingDisk.url(DIRECTORY.resolve("runbook")));
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void diskBack() {
    FailingDisk.set(FailingDisk.State.OK);
  }

  @Test
  void readinessIsDownWhileTheDatabaseIsLostAndTheNodeRecoversByItselfWhenItReturns() throws Exception {
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/engine-rest/user/responder/profile", "responder").statusCode()).isEqualTo(200);
    assertThat(alert("before-the-outage").statusCode()).isEqualTo(202);

    // The disk fills: H2 fails its next write and closes the database under the pool's connections.
    FailingDisk.set(FailingDisk.State.FULL);
    HttpResponse<String> refused = alert("while-the-disk-is-full");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> get("/actuator/health/readiness", null).statusCode() == 503);
    HttpResponse<String> health = get("/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(503);
    // Public and detail-free: the status and the names of the probe groups, nothing about the database.
    assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\",\"groups\":[\"liveness\",\"readiness\"]}");
    assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"DOWN\"}");
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    // A full database can still be read: a login may succeed, but is never refused as a bad password.
    assertThat(get("/engine-rest/user/responder/profile", "responder").statusCode()).isIn(200, 503);

    // The volume goes away altogether: nothing can be read either.
    // (The alert's failed write closes the database H2 had reopened; it cannot be opened again.)
    FailingDisk.set(FailingDisk.State.GONE);
    assertThat(alert("while-the-disk-is-gone").statusCode()).isEqualTo(503);
    HttpResponse<String> login = get("/engine-rest/user/responder/profile", "responder");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
    assertThat(login.headers().firstValue("Retry-After")).isPresent();
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(503);

    // The disk is back: no restart, no operator.
    FailingDisk.set(FailingDisk.State.OK);
    long back = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
    System.out.printf("readiness UP %d ms after the database returned%n", (System.nanoTime() - back) / 1_000_000);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/engine-rest/user/responder/profile", "responder").statusCode()).isEqualTo(200);
    HttpResponse<String> accepted = alert("after-the-outage");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String incidentId = JSON.readTree(accepted.body()).path("incidentId").asText();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key = ? AND incident_id = ?",
        Long.class, "after-the-outage", incidentId)).isOne();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key LIKE 'while-%'", Long.class)).isZero();
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
    if (user != null) {
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> alert(String dedupKey) throws Exception {
    String body = JSON.writeValueAsString(Map.of("title", "Recovery " + dedupKey, "dedupKey", dedupKey));
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer test-generic-token-0001")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
