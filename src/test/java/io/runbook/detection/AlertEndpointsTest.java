package io.runbook.detection;

import static io.runbook.detection.IngestClient.pdEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each ingestion format end to end over HTTP: a trigger opens an incident with the proposed
 * severity, source, title and links; a duplicate attaches; acknowledge and resolve reach the people
 * working the incident; a closed incident's key opens a new one.
 */
@WebTest
class AlertEndpointsTest {

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired JdbcTemplate jdbc;

  IngestClient client;

  @BeforeEach
  void client() {
    client = new IngestClient(port);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private ProcessInstance incident(String incidentId) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).singleResult();
  }

  private Map<String, Object> variables(String incidentId) {
    return runtime.getVariables(incident(incidentId).getId());
  }

  private Task task(String incidentId, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(incidentId).taskDefinitionKey(taskKey).singleResult();
  }

  private static Map<String, Object> amAlert(String status, String alertname, String instance, String severity,
      String startsAt) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("alertname", alertname);
    labels.put("instance", instance);
    labels.put("severity", severity);
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("status", status);
    alert.put("labels", labels);
    alert.put("annotations", Map.of("summary", alertname + " on " + instance, "description", "p99 above 2 s",
        "runbook_url", "https://runbooks.example/" + alertname));
    alert.put("startsAt", startsAt);
    alert.put("endsAt", "0001-01-01T00:00:00Z");
    alert.put("generatorURL", "http://prometheus.example/graph?g0.expr=" + alertname);
    alert.put("fingerprint", Integer.toHexString((alertname + instance).hashCode()));
    return alert;
  }

  private static Map<String, Object> amNotification(String groupKey, String status, List<Map<String, Object>> alerts) {
    Map<String, Object> notification = new LinkedHashMap<>();
    notification.put("version", "4");
    notification.put("groupKey", groupKey);
    notification.put("truncatedAlerts", 0);
    notification.put("status", status);
    notification.put("receiver", "runbook");
    notification.put("groupLabels", Map.of("alertname", "HighLatency"));
    notification.put("commonLabels", Map.of("alertname", "HighLatency"));
    notification.put("commonAnnotations", Map.of("summary", "Checkout latency is high"));
    notification.put("externalURL", "http://alertmanager.example");
    notification.put("alerts", alerts);
    return notification;
  }

  @Test
  void alertmanagerGroupOpensOneIncidentAndFollowsItsAlerts() {
    String groupKey = unique("{}:{alertname=\"HighLatency\"}");
    Map<String, Object> a = amAlert("firing", "HighLatency", "checkout-1", "warning", "2026-01-05T10:00:00Z");
    Map<String, Object> b = amAlert("firing", "HighLatency", "checkout-2", "critical", "2026-01-05T10:00:30Z");

    IngestClient.Response opened = client.alertmanager(amNotification(groupKey, "firing", List.of(a, b)));

    assertThat(opened.status()).isEqualTo(202);
    assertThat(opened.json().path("created").asBoolean()).isTrue();
    String incidentId = opened.json().path("incidentId").asText();
    assertThat(incidentId).matches("INC-\\d{4}-\\d{4}");
    Map<String, Object> vars = variables(incidentId);
    assertThat(vars).containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-1")   // the most severe of the group
        .containsEntry(ProcessVariables.SOURCE, "monitoring")
        .containsEntry(ProcessVariables.TITLE, "Checkout latency is high")
        .containsEntry(ProcessVariables.DEDUP_KEY, groupKey)
        .containsEntry(ProcessVariables.ALERT_COUNT, 2)
        .containsEntry(ProcessVariables.SECURITY_RELATED, false);
    assertThat((String) vars.get(ProcessVariables.DESCRIPTION)).contains("2 alerts", "instance=checkout-2", "p99 above 2 s", "Links:",
        "http://prometheus.example/graph?g0.expr=HighLatency", "- Runbook: https://runbooks.example/HighLatency",
        "- Alertmanager: http://alertmanager.example");
    assertThat((String) vars.get(ProcessVariables.ALERT_SUMMARY)).startsWith("2 alerts, last at ");
    assertThat(task(incidentId, IncidentResponse.TRIAGE)).isNotNull();

    // Alertmanager repeats the group's firing alerts in every notification: not new alerts.
    IngestClient.Response repeated = client.alertmanager(amNotification(groupKey, "firing", List.of(a, b)));
    assertThat(repeated.json().path("incidentId").asText()).isEqualTo(incidentId);
    assertThat(repeated.json().path("created").asBoolean()).isFalse();
    Map<String, Object> c = amAlert("firing", "HighLatency", "checkout-3", "warning", "2026-01-05T10:01:00Z");
    client.alertmanager(amNotification(groupKey, "firing", List.of(a, b, c)));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(variables(incidentId))
        .containsEntry(ProcessVariables.ALERT_COUNT, 3)
        .hasEntrySatisfying(ProcessVariables.ALERT_SUMMARY, s -> assertThat((String) s).startsWith("3 alerts, last at ")));
    assertThat(runtime.createProcessInstanceQuery().variableValueEquals(ProcessVariables.DEDUP_KEY, groupKey).count()).isOne();

    // Two of three resolved: people are not told yet; all three: they are.
    a.put("status", "resolved");
    b.put("status", "resolved");
    client.alertmanager(amNotification(groupKey, "firing", List.of(a, b, c)));
    c.put("status", "resolved");
    IngestClient.Response resolved = client.alertmanager(amNotification(groupKey, "resolved", List.of(a, b, c)));
    assertThat(resolved.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> task(incidentId, IncidentResponse.CONFIRM_RECOVERY) != null);
    Task confirm = task(incidentId, IncidentResponse.CONFIRM_RECOVERY);
    assertThat(confirm.getName()).matches("SEV-\\d \u00b7 Alerts resolved: confirm recovery");
    assertThat(tasks.getIdentityLinksForTask(confirm.getId())).extracting(IdentityLink::getGroupId).contains("responders");
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(incidentId)
        .taskDefinitionKey(IncidentResponse.CONFIRM_RECOVERY).count()).as("told once").isOne();
    assertThat(variables(incidentId)).containsKey(ProcessVariables.ALERTS_RESOLVED_AT);
    // The incident itself stays open: people close it through the runbook.
    assertThat(task(incidentId, IncidentResponse.TRIAGE)).isNotNull();
    JsonNode detail = client.get("/api/incidents/" + incidentId).json();
    assertThat(detail.path("incident").path("state").asText()).isEqualTo("open");
    assertThat(detail.path("incident").path("alertCount").asInt()).isEqualTo(3);
    assertThat(detail.path("incident").path("firingAlerts").asInt()).isZero();
  }

  @Test
  void pagerDutyTriggerDuplicateAcknowledgeAndResolve() {
    String dedupKey = unique("db-replication");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", "Replication lag above 30 s on db-1");
    payload.put("source", "db-1.example");
    payload.put("severity", "error");
    payload.put("component", "postgres");
    payload.put("custom_details", Map.of("lag_seconds", 42));
    Map<String, Object> trigger = pdEvent("trigger", dedupKey, payload);
    trigger.put("links", List.of(Map.of("href", "https://grafana.example/d/db", "text", "DB dashboard")));
    trigger.put("images", List.of(Map.of("src", "https://grafana.example/render/db.png", "alt", "Lag graph")));

    IngestClient.Response accepted = client.pagerDuty(trigger);

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.json().path("status").asText()).isEqualTo("success");
    assertThat(accepted.json().path("message").asText()).isEqualTo("Event processed");
    assertThat(accepted.json().path("dedup_key").asText()).isEqualTo(dedupKey);
    String incidentId = jdbc.queryForObject(
        "SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?", String.class, dedupKey);
    Map<String, Object> vars = variables(incidentId);
    assertThat(vars).containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-2").containsEntry(ProcessVariables.SOURCE, "monitoring")
        .containsEntry(ProcessVariables.TITLE, "Replication lag above 30 s on db-1");
    assertThat((String) vars.get(ProcessVariables.DESCRIPTION)).contains("db-1.example", "postgres", "lag_seconds",
        "- DB dashboard: https://grafana.example/d/db", "- Lag graph: https://grafana.example/render/db.png");

    client.pagerDuty(pdEvent("trigger", dedupKey, payload));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(variables(incidentId))
        .containsEntry(ProcessVariables.ALERT_COUNT, 2)
        .hasEntrySatisfying(ProcessVariables.LAST_ALERT_AT, d -> assertThat((Date) d).isAfterOrEqualTo((Date) vars.get(ProcessVariables.LAST_ALERT_AT))));
    assertThat(history.createHistoricDetailQuery().variableUpdates().processInstanceId(incident(incidentId).getId())
        .list()).as("the attached alert is in the incident's history")
        .anySatisfy(d -> assertThat(d.toString()).contains(ProcessVariables.ALERT_COUNT));

    IngestClient.Response ack = client.pagerDuty(pdEvent("acknowledge", dedupKey, null));
    assertThat(ack.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        history.createHistoricActivityInstanceQuery().processInstanceId(incident(incidentId).getId())
            .activityId(IncidentResponse.ACKNOWLEDGED).finished().count()).isOne());
    assertThat(variables(incidentId)).containsEntry(ProcessVariables.ACKNOWLEDGED, true)
        .containsEntry(ProcessVariables.ACKNOWLEDGED_BY, "test-pagerduty").containsEntry(ProcessVariables.ACKNOWLEDGED_VIA, "pagerduty-events");
    assertThat(task(incidentId, IncidentResponse.TRIAGE)).as("triage itself is still to do").isNotNull();

    client.pagerDuty(pdEvent("resolve", dedupKey, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> task(incidentId, IncidentResponse.CONFIRM_RECOVERY) != null);

    JsonNode detail = client.get("/api/incidents/" + incidentId).json();
    assertThat(detail.path("alerts")).hasSize(4);
    assertThat(detail.path("alerts").toString()).doesNotContain(IngestClient.PAGERDUTY_KEY);
    assertThat(detail.path("alerts").get(3).path("payload").path("payload").path("summary").asText())
        .isEqualTo("Replication lag above 30 s on db-1");
  }

  @Test
  void pagerDutyTriggerWithoutDedupKeyGetsOneAndAcknowledgeOfNothingIsStillAccepted() {
    IngestClient.Response accepted = client.pagerDuty(pdEvent("trigger", null,
        Map.of("summary", "Disk 95% full on build-7", "source", "build-7", "severity", "warning")));
    assertThat(accepted.status()).isEqualTo(202);
    String generated = accepted.json().path("dedup_key").asText();
    assertThat(generated).matches("[0-9a-f]{32}");
    assertThat(variables(jdbc.queryForObject("SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?",
        String.class, generated))).containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-3");

    String nobody = unique("never-triggered");
    for (String action : List.of("acknowledge", "resolve")) {
      IngestClient.Response answer = client.pagerDuty(pdEvent(action, nobody, null));
      assertThat(answer.status()).isEqualTo(202);
      assertThat(answer.json().path("dedup_key").asText()).isEqualTo(nobody);
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key = ? AND incident_id IS NULL",
        Integer.class, nobody)).as("recorded, on no incident").isEqualTo(2);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_incident_registry WHERE dedup_key = ?", Integer.class, nobody))
        .isZero();
  }

  @Test
  void genericAlertFromASecurityScannerIsSecurityRelatedAndRoutedToSecurity() {
    String dedupKey = unique("cve");
    Map<String, Object> alert = Map.of(
        "title", "Critical CVE in payment-service image",
        "description", "CVE-2026-1234 in libfoo 1.2",
        "severity", "critical",
        "dedupKey", dedupKey,
        "labels", Map.of("service", "payment"),
        "links", List.of(Map.of("href", "https://scanner.example/findings/1", "text", "Finding")));

    IngestClient.Response accepted = client.generic(alert, IngestClient.SCANNER_TOKEN);

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.json().path("created").asBoolean()).isTrue();
    String incidentId = accepted.json().path("incidentId").asText();
    assertThat(variables(incidentId)).containsEntry(ProcessVariables.SOURCE, "security-scan")
        .containsEntry(ProcessVariables.SECURITY_RELATED, true).containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-1")
        .containsEntry(ProcessVariables.TITLE, "Critical CVE in payment-service image")
        .containsEntry(ProcessVariables.DESCRIPTION, "CVE-2026-1234 in libfoo 1.2\n\nLinks:\n- Finding: https://scanner.example/findings/1");
    assertThat(tasks.getIdentityLinksForTask(task(incidentId, IncidentResponse.TRIAGE).getId()))
        .extracting(IdentityLink::getGroupId).contains("responders", "security");

    IngestClient.Response again = client.generic(alert, IngestClient.SCANNER_TOKEN);
    assertThat(again.json().path("incidentId").asText()).isEqualTo(incidentId);
    assertThat(again.json().path("created").asBoolean()).isFalse();
  }

  @Test
  void genericAlertTakesASevCodeAsHintAndTheSendersKindAsSource() {
    IngestClient.Response accepted = client.generic(Map.of("title", unique("Login page answers 502"),
        "severity", "SEV-2"), IngestClient.GENERIC_TOKEN_ROTATED);
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.json().path("incidentId").asText();
    assertThat(variables(incidentId)).containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-2").containsEntry(ProcessVariables.SOURCE, "monitoring");

    IngestClient.Response health = client.generic(Map.of("title", unique("Health check /ready fails"),
        "source", "health-check", "severity", "info"), IngestClient.GENERIC_TOKEN);
    assertThat(variables(health.json().path("incidentId").asText()))
        .containsEntry(ProcessVariables.SOURCE, "health-check").containsEntry(ProcessVariables.PROPOSED_SEVERITY, "SEV-4");
  }

  @Test
  void aCancelledIncidentFreesItsKeyForANewIncident() {
    String dedupKey = unique("queue-depth");
    Map<String, Object> alert = Map.of("title", "Queue depth above 10k", "dedupKey", dedupKey, "severity", "warning");
    String first = client.generic(alert, IngestClient.GENERIC_TOKEN).json().path("incidentId").asText();

    runtime.deleteProcessInstance(incident(first).getId(), "opened by mistake");

    IngestClient.Response next = client.generic(alert, IngestClient.GENERIC_TOKEN);
    assertThat(next.json().path("created").asBoolean()).isTrue();
    assertThat(next.json().path("incidentId").asText()).isNotEqualTo(first);
    assertThat(client.get("/api/incidents/" + first).json().path("incident").path("state").asText()).isEqualTo("closed");
  }

  @Test
  void incidentsCanBeListedByStateSeveritySourceAndPage() {
    String marker = unique("list");
    for (String severity : List.of("critical", "error", "error")) {
      client.generic(Map.of("title", marker + " " + severity + " " + UUID.randomUUID(), "severity", severity,
          "source", "log-anomaly"), IngestClient.GENERIC_TOKEN);
    }

    JsonNode sev2 = client.get("/api/incidents?state=open&source=log-anomaly&severity=SEV-2&size=200").json();
    assertThat(sev2.path("items").findValuesAsText("title")).filteredOn(t -> t.startsWith(marker)).hasSize(2);
    assertThat(sev2.path("items").findValuesAsText("severity")).containsOnly("SEV-2");
    assertThat(sev2.path("items").findValuesAsText("source")).containsOnly("log-anomaly");

    JsonNode firstPage = client.get("/api/incidents?source=log-anomaly&size=1&page=0").json();
    JsonNode secondPage = client.get("/api/incidents?source=log-anomaly&size=1&page=1").json();
    assertThat(firstPage.path("total").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(firstPage.path("items")).hasSize(1);
    assertThat(secondPage.path("items").get(0).path("incidentId").asText())
        .isNotEqualTo(firstPage.path("items").get(0).path("incidentId").asText());

    IngestClient.Response bad = client.get("/api/incidents?state=sleeping&severity=SEV-9&size=0");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("detail").asText()).contains("'state' must be open or closed",
        "'severity' must be one of SEV-1", "'size' must be between 1 and 200");
    assertThat(client.get("/api/incidents?page=abc").status()).isEqualTo(400);
    assertThat(client.get("/api/incidents/INC-1999-9999").status()).isEqualTo(404);
  }

  @Test
  void onlyPeopleWhoMayReadIncidentHistorySeeIncidentsAndTheirAlerts() {
    JsonNode accepted = client.generic(Map.of("title", unique("Disk full on db-7"), "severity", "error",
        "source", "health-check"), IngestClient.GENERIC_TOKEN).json();
    String incidentId = accepted.path("incidentId").asText();
    String outsider = unique("outsider").replaceAll("[^A-Za-z0-9]", "").toLowerCase();
    var user = identity.newUser(outsider);
    user.setPassword("Outsider-pass-1");
    identity.saveUser(user);
    try {
      IngestClient.Response list = client.getAs(outsider, "Outsider-pass-1", "/api/incidents");
      IngestClient.Response one = client.getAs(outsider, "Outsider-pass-1", "/api/incidents/" + incidentId);
      assertThat(list.status()).isEqualTo(403);
      assertThat(one.status()).isEqualTo(403);
      assertThat(one.json().path("detail").asText()).contains(outsider, "may not read incidents");
      assertThat(one.body()).doesNotContain("Disk full");

      assertThat(client.getAs("auditor", "auditor", "/api/incidents/" + incidentId).status()).isEqualTo(200);
      assertThat(client.getAs("manager", "manager", "/api/incidents?size=1").status()).isEqualTo(200);
      assertThat(client.getAs("admin", "admin", "/api/incidents/" + incidentId).status()).isEqualTo(200);
      // Not a known user's wrong password: Camunda then locks that user out for a few seconds.
      assertThat(client.getAs(outsider + "x", "Outsider-pass-1", "/api/incidents").status()).isEqualTo(401);
    } finally {
      identity.deleteUser(outsider);
    }
  }

  @Test
  void incidentsReportedByPeopleAreListedToo() {
    String title = unique("Customers report failed logins");
    ProcessInstance reported = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        "title", title, "source", "user-report", "proposedSeverity", "SEV-2", "description", "via support"));

    JsonNode detail = client.get("/api/incidents/" + reported.getBusinessKey()).json().path("incident");

    assertThat(detail.path("title").asText()).isEqualTo(title);
    assertThat(detail.path("source").asText()).isEqualTo("user-report");
    assertThat(detail.path("severity").asText()).isEqualTo("SEV-2");
    assertThat(detail.path("processInstanceId").asText()).isEqualTo(reported.getId());
    assertThat(detail.has("dedupKey")).isFalse();
  }
}
