package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.testing.WebTest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every ingestion endpoint takes only its own sources' tokens: none or an unknown one is 401 with
 * {@code WWW-Authenticate}, a valid token of a source configured for another endpoint is 403, and
 * nothing is recorded either way.
 */
@WebTest
class IngestAuthenticationTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  IngestClient client;

  @BeforeEach
  void client() {
    client = new IngestClient(port);
  }

  /** endpoint, credential presented ("" = none), expected status. */
  static Stream<Arguments> credentials() {
    return Stream.of(
        Arguments.of("alertmanager", "", 401),
        Arguments.of("alertmanager", "not-a-configured-token-at-all", 401),
        Arguments.of("alertmanager", IngestClient.GENERIC_TOKEN, 403),
        Arguments.of("alertmanager", IngestClient.PAGERDUTY_KEY, 403),
        Arguments.of("generic", "", 401),
        Arguments.of("generic", IngestClient.GENERIC_TOKEN + "x", 401),
        Arguments.of("generic", IngestClient.ALERTMANAGER_TOKEN, 403),
        Arguments.of("pagerduty", "", 401),
        Arguments.of("pagerduty", "00000000000000000000000000000000", 401),
        Arguments.of("pagerduty", IngestClient.SCANNER_TOKEN, 403),
        Arguments.of("pagerduty", IngestClient.ALERTMANAGER_TOKEN, 403));
  }

  @ParameterizedTest(name = "{0} with ''{1}'' -> {2}")
  @MethodSource("credentials")
  void refusedAndNothingRecorded(String endpoint, String credential, int expected) {
    String dedupKey = "auth-" + UUID.randomUUID();
    long alertsBefore = count("rb_alert");
    long incidentsBefore = count("rb_incident_registry");

    IngestClient.Response answer = send(endpoint, credential, dedupKey);

    assertThat(answer.status()).isEqualTo(expected);
    if (expected == 401) {
      assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(answer.body()).doesNotContain(dedupKey).doesNotContain("Exception");
    assertThat(count("rb_alert")).isEqualTo(alertsBefore);
    assertThat(count("rb_incident_registry")).isEqualTo(incidentsBefore);
  }

  @ParameterizedTest(name = "{0} with its own token")
  @MethodSource("ownTokens")
  void acceptedWithItsOwnToken(String endpoint, String credential) {
    assertThat(send(endpoint, credential, "auth-" + UUID.randomUUID()).status()).isEqualTo(202);
  }

  static Stream<Arguments> ownTokens() {
    return Stream.of(
        Arguments.of("alertmanager", IngestClient.ALERTMANAGER_TOKEN),
        Arguments.of("generic", IngestClient.GENERIC_TOKEN),
        Arguments.of("generic", IngestClient.GENERIC_TOKEN_ROTATED),
        Arguments.of("pagerduty", IngestClient.PAGERDUTY_KEY));
  }

  private IngestClient.Response send(String endpoint, String credential, String dedupKey) {
    String[] auth = credential.isEmpty() ? new String[0] : new String[] {"Authorization", "Bearer " + credential};
    return switch (endpoint) {
      case "alertmanager" -> client.post("/api/alerts/alertmanager", "application/json", IngestClient.toJson(Map.of(
          "version", "4", "groupKey", dedupKey, "status", "firing",
          "alerts", java.util.List.of(Map.of("status", "firing", "labels", Map.of("alertname", "AuthProbe"))))), auth);
      case "generic" -> client.post("/api/alerts", "application/json",
          IngestClient.toJson(Map.of("title", "Auth probe", "dedupKey", dedupKey)), auth);
      default -> {
        Map<String, Object> event = new java.util.LinkedHashMap<>(IngestClient.pdEvent("trigger", dedupKey,
            Map.of("summary", "Auth probe", "source", "probe", "severity", "info")));
        if (credential.isEmpty()) {
          event.remove("routing_key");
        } else {
          event.put("routing_key", credential);
        }
        yield client.pagerDuty(event);
      }
    };
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }
}
