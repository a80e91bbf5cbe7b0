package io.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/reports/metrics} and {@code /actuator/prometheus} over HTTP: who may read them,
 * what a bad period answers, and the figures of two incidents raised in June 2032 (a period only
 * this test uses): a SEV-1 claimed after 4 minutes and a SEV-2 claimed after 25, plus a drill.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest {

  static final Instant T = Instant.parse("2032-06-07T08:00:00Z");
  static final String SCRAPE_TOKEN = "demo-prometheus-scrape-token";
  static final String PERIOD = "/api/reports/metrics?from=2032-06-07&to=2032-06-07";

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentGauges gauges;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> started = new ArrayList<>();

  @BeforeAll
  void raiseIncidents() {
    raiseAndClaim("SEV-1", "checkout-api", Duration.ZERO, Duration.ofMinutes(4), false);
    raiseAndClaim("SEV-2", "search", Duration.ofMinutes(30), Duration.ofMinutes(25), false);
    raiseAndClaim("SEV-1", "checkout-api", Duration.ofMinutes(40), Duration.ofMinutes(1), true);
    ClockUtil.reset();
  }

  @BeforeEach
  void clockAfterTheIncidents() {
    ClockUtil.setCurrentTime(Date.from(T.plus(Duration.ofHours(2))));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @AfterAll
  void cleanUp() {
    started.forEach(id -> engine.getRuntimeService().deleteProcessInstance(id, "test done"));
    ClockUtil.reset();
    gauges.refresh();
  }

  private void raiseAndClaim(String severity, String system, Duration reported, Duration toClaim, boolean drill) {
    ClockUtil.setCurrentTime(Date.from(T.plus(reported)));
    Map<String, Object> alert = new HashMap<>();
    alert.put(ProcessVariables.TITLE, "Checkout is failing");
    alert.put(ProcessVariables.SOURCE, "health-check");
    alert.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    alert.put(ProcessVariables.AFFECTED_SYSTEMS, system);
    if (drill) {
      alert.put(ProcessVariables.DRILL, true);
    }
    ProcessInstance incident = engine.getRuntimeService()
        .startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, alert);
    started.add(incident.getId());
    ClockUtil.setCurrentTime(Date.from(T.plus(reported).plus(toClaim)));
    String triage = engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    engine.getTaskService().claim(triage, "responder");
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void managersAndAuditorsReadTheFiguresOfThePeriod() throws Exception {
    for (String reader : List.of("manager", "auditor", "lead", "cto", "admin")) {
      HttpResponse<String> response = get(PERIOD, "Authorization", basic(reader));
      assertThat(response.statusCode()).as(reader).isEqualTo(200);
      JsonNode report = json.readTree(response.body());
      assertThat(report.get("from").asText()).isEqualTo("2032-06-07T00:00:00Z");
      assertThat(report.get("to").asText()).isEqualTo("2032-06-08T00:00:00Z");
      assertThat(report.get("incidents").asInt()).isEqualTo(2);
      assertThat(report.get("drillsExcluded").asInt()).isEqualTo(1);
      JsonNode sev1 = report.get("bySeverity").get("SEV-1");
      assertThat(sev1.get("incidents").asInt()).isEqualTo(1);
      assertThat(sev1.get("mttaSeconds").asDouble()).isEqualTo(240.0);
      assertThat(sev1.get("mttrSeconds").isNull()).as("not resolved: null, not left out").isTrue();
      assertThat(sev1.get("acknowledgementSla").get("met").asInt()).isEqualTo(1);
      assertThat(sev1.get("acknowledgementSla").get("compliance").asDouble()).isEqualTo(1.0);
      assertThat(sev1.get("resolutionSla").get("compliance").isNull()).isTrue();
      assertThat(report.get("bySeverity").get("SEV-2").get("mttaSeconds").asDouble()).isEqualTo(1500.0);
      assertThat(report.get("bySeverity").get("SEV-4").get("incidents").asInt()).isZero();
      // The SEV-1's Team Lead was told at once (the runbook's "Immediate"); the SEV-2 was claimed before its 30 minutes.
      assertThat(report.get("escalationsPerLevel").toString()).isEqualTo("{\"1\":1,\"2\":0,\"3\":0}");
      assertThat(report.get("bySource").get("health-check").asInt()).isEqualTo(2);
      assertThat(report.get("byAffectedSystem").toString()).isEqualTo("{\"checkout-api\":1,\"search\":1}");
      assertThat(response.body()).as("figures only, no incident content").doesNotContain("Checkout is failing");
    }
  }

  @Test
  void othersAreRefusedAndABadPeriodIsA400NamingTheParameter() throws Exception {
    assertThat(get(PERIOD).statusCode()).isEqualTo(401);
    for (String other : List.of("responder", "security", "legal", "comms")) {
      HttpResponse<String> refused = get(PERIOD, "Authorization", basic(other));
      assertThat(refused.statusCode()).as(other).isEqualTo(403);
      assertThat(refused.body()).contains("incident metrics are for the groups").doesNotContain("mttaSeconds");
    }
    HttpResponse<String> unreadable = get("/api/reports/metrics?from=yesterday", "Authorization", basic("manager"));
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(unreadable.body()).contains("parameter 'from'").contains("yesterday");
    HttpResponse<String> reversed = get("/api/reports/metrics?from=2032-06-08&to=2032-06-01", "Authorization", basic("manager"));
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.body()).contains("parameter 'from'");
    HttpResponse<String> tooLong = get("/api/reports/metrics?from=2030-01-01&to=2032-01-01", "Authorization", basic("manager"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("longer than 400 days");
  }

  @Test
  void prometheusScrapesNeedTheTokenOrAMetricsReader() throws Exception {
    HttpResponse<String> anonymous = get("/actuator/prometheus");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("runbook_");
    HttpResponse<String> wrongToken = get("/actuator/prometheus", "Authorization", "Bearer not-the-scrape-token-at-all");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(wrongToken.body()).doesNotContain("runbook_");
    assertThat(get("/actuator/prometheus", "Authorization", "Bearer " + SCRAPE_TOKEN.substring(1)).statusCode()).isEqualTo(401);
    HttpResponse<String> responder = get("/actuator/prometheus", "Authorization", basic("responder"));
    assertThat(responder.statusCode()).isEqualTo(403);
    assertThat(responder.body()).doesNotContain("runbook_");
    assertThat(get("/actuator/prometheus", "Authorization", "Basic " + Base64.getEncoder()
        .encodeToString("manager:wrong".getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
    assertThat(get("/actuator/health").statusCode()).as("health stays public").isEqualTo(200);
    assertThat(get("/actuator").statusCode()).as("still no index").isEqualTo(401);

    assertThat(get("/actuator/prometheus", "Authorization", basic("manager")).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus", "Authorization", basic("auditor")).statusCode()).isEqualTo(200);
  }

  @Test
  void theScrapeShowsTheFiguresOfTheRollingWindow() throws Exception {
    gauges.refresh();
    HttpResponse<String> scrape = get("/actuator/prometheus", "Authorization", "Bearer " + SCRAPE_TOKEN);
    assertThat(scrape.statusCode()).isEqualTo(200);
    String body = scrape.body();
    for (String name : IncidentGauges.NAMES) {
      assertThat(body).as("metric %s", name).contains("\n# TYPE " + name + " gauge\n");
    }
    assertThat(body).contains(
        "runbook_incidents_reported{severity=\"SEV-1\"} 1.0",
        "runbook_incidents_reported{severity=\"SEV-2\"} 1.0",
        "runbook_mtta_seconds{severity=\"SEV-1\"} 240.0",
        "runbook_mtta_seconds{severity=\"SEV-2\"} 1500.0",
        "runbook_mtta_seconds{severity=\"SEV-3\"} NaN",
        "runbook_sla_compliance_ratio{severity=\"SEV-1\",sla=\"acknowledgement\"} 1.0",
        "runbook_sla_incidents{outcome=\"met\",severity=\"SEV-2\",sla=\"acknowledgement\"} 1.0",
        "runbook_escalations{level=\"1\"} 1.0",
        "runbook_incidents_by_source{source=\"health-check\"} 2.0",
        "runbook_incidents_by_system{system=\"checkout-api\"} 1.0",
        "runbook_incidents_by_system{system=\"search\"} 1.0",
        "runbook_drills_excluded 1.0",
        "runbook_metrics_window_seconds 2592000.0");
    assertThat(body).containsPattern("runbook_incidents_open\\{severity=\"SEV-1\"} [1-9][0-9]*\\.0");
  }
}
