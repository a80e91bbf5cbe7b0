package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.testing.WebTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Malformed JSON, wrong types, missing fields, unknown actions, oversized payloads and non-JSON
 * content: a 4xx naming the problem, nothing created, no stack trace. The PagerDuty endpoint answers
 * in PagerDuty's shape.
 */
@WebTest
class BadInputTest {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  IngestClient client;
  long alertsBefore;
  long incidentsBefore;

  @BeforeEach
  void remember() {
    client = new IngestClient(port);
    alertsBefore = count("rb_alert");
    incidentsBefore = count("rb_incident_registry");
  }

  @AfterEach
  void nothingWasCreated() {
    assertThat(count("rb_alert")).as("alerts recorded").isEqualTo(alertsBefore);
    assertThat(count("rb_incident_registry")).as("incidents created").isEqualTo(incidentsBefore);
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  private static void assertProblem(IngestClient.Response answer, int status, String... named) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.runbook");
    assertThat(answer.json().path("message").asText()).contains(named);
  }

  private IngestClient.Response pd(String body) {
    return client.post("/api/events/v2/enqueue", "application/json", body);
  }

  @Test
  void pagerDutyMalformedJson() {
    IngestClient.Response answer = pd("{\"routing_key\": \"" + IngestClient.PAGERDUTY_KEY + "\", \"event_action\": ");
    assertProblem(answer, 400, "malformed JSON at line 1");
    assertThat(answer.json().path("status").asText()).isEqualTo("invalid event");
    assertThat(answer.json().path("errors")).hasSize(1);
  }

  @Test
  void pagerDutyUnknownEventActionAndMissingAndWrongFields() {
    Map<String, Object> event = IngestClient.pdEvent("escalate", "k-1", null);
    assertProblem(pd(IngestClient.toJson(event)), 400, "'event_action' must be one of trigger, acknowledge, resolve; got 'escalate'");

    Map<String, Object> incomplete = IngestClient.pdEvent("trigger", "k-2",
        Map.of("summary", 42, "severity", "fatal", "custom_details", Map.of("a", 1)));
    IngestClient.Response answer = pd(IngestClient.toJson(incomplete));
    assertProblem(answer, 400, "'payload.summary' must be a string, got a number", "'payload.source' is missing",
        "'payload.severity' must be one of critical, error, warning, info; got 'fatal'");
    assertThat(answer.json().path("errors")).hasSize(3);

    assertProblem(pd(IngestClient.toJson(IngestClient.pdEvent("trigger", "k-3", null))), 400, "'payload' is missing");
    assertProblem(pd(IngestClient.toJson(IngestClient.pdEvent("resolve", null, null))), 400, "'dedup_key' is missing");
    Map<String, Object> badLinks = IngestClient.pdEvent("trigger", "k-4",
        Map.of("summary", "s", "source", "s", "severity", "info"));
    badLinks.put("links", Map.of("href", "x"));
    assertProblem(pd(IngestClient.toJson(badLinks)), 400, "'links' must be an array, got an object");
    assertProblem(pd("{\"routing_key\": 12345, \"event_action\": \"trigger\"}"), 400, "'routing_key' must be a string");
  }

  @Test
  void pagerDutyOversizedPayloadAndWrongContentType() {
    String huge = "x".repeat(600 * 1024);
    Map<String, Object> event = IngestClient.pdEvent("trigger", "big",
        Map.of("summary", "s", "source", "s", "severity", "info", "custom_details", Map.of("blob", huge)));
    IngestClient.Response tooLarge = pd(IngestClient.toJson(event));
    assertProblem(tooLarge, 413, "exceeds the limit of 524288 bytes (runbook.ingest.max-payload-size)");
    assertThat(tooLarge.json().path("status").asText()).isEqualTo("invalid event");

    IngestClient.Response form = client.post("/api/events/v2/enqueue", "application/x-www-form-urlencoded",
        "routing_key=" + IngestClient.PAGERDUTY_KEY + "&event_action=trigger");
    assertProblem(form, 415, "Content-Type must be application/json, got 'application/x-www-form-urlencoded'");
    assertProblem(client.post("/api/events/v2/enqueue", null, "{}"), 415, "Content-Type must be application/json, got none");
    assertProblem(pd("[1, 2]"), 400, "expected a JSON object, got an array");
    assertProblem(pd(""), 400, "the request body is empty");
  }

  @Test
  void alertmanagerWrongTypesAndMissingFieldsAreAllNamed() {
    String body = IngestClient.toJson(Map.of(
        "version", "4",
        "groupKey", List.of("not", "a", "string"),
        "status", "burning",
        "alerts", List.of(
            Map.of("status", "firing", "labels", Map.of("alertname", "A", "replicas", 3)),
            Map.of("labels", Map.of()),
            "not an alert")));
    IngestClient.Response answer = client.post("/api/alerts/alertmanager", "application/json", body,
        "Authorization", "Bearer " + IngestClient.ALERTMANAGER_TOKEN);
    assertProblem(answer, 400, "'groupKey' must be a string, got an array", "'status' must be one of firing, resolved; got 'burning'",
        "'alerts[0].labels.replicas' must be a string, got a number", "'alerts[1].status' is missing",
        "'alerts[1].labels' must not be empty", "'alerts[2]' must be an object, got a string");
    assertThat(answer.json().path("problems")).hasSize(6);

    assertProblem(client.post("/api/alerts/alertmanager", "application/json", "{\"groupKey\": \"g\", \"status\": \"firing\"}",
        "Authorization", "Bearer " + IngestClient.ALERTMANAGER_TOKEN), 400, "'alerts' is missing");
    assertProblem(client.post("/api/alerts/alertmanager", "text/plain", "hello",
        "Authorization", "Bearer " + IngestClient.ALERTMANAGER_TOKEN), 415, "Content-Type must be application/json");
  }

  @Test
  void genericMissingTitleUnknownSourceAndBadLinks() {
    IngestClient.Response answer = client.generic(Map.of(
        "source", "crystal-ball",
        "status", "exploded",
        "labels", List.of("a"),
        "links", List.of(Map.of("text", "no href"))), IngestClient.GENERIC_TOKEN);
    assertProblem(answer, 400, "'title' is missing",
        "'source' must be one of monitoring, health-check, security-scan, log-anomaly; got 'crystal-ball'",
        "'status' must be one of firing, resolved; got 'exploded'", "'labels' must be an object, got an array",
        "'links[0].href' is missing");
    assertProblem(client.generic(Map.of("title", "t".repeat(1025)), IngestClient.GENERIC_TOKEN), 400,
        "'title' must be at most 1024 characters, got 1025");
    assertProblem(client.post("/api/alerts", "application/json", "{\"title\": \"a\"} trailing",
        "Authorization", "Bearer " + IngestClient.GENERIC_TOKEN), 400, "malformed JSON");
  }
}
