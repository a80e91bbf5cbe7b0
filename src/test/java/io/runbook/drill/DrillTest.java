package io.runbook.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.communication.LocalChatWebhook;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.TestPorts;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Drills through the API with the job executor and the notification dispatcher running, as in production. SEV-1 is shortened to a
 * 3-minute response time and 1-minute escalation interval, so at time-scale 60 the Team Lead is told
 * at once (SEV-1 "Immediate"), the Engineering Manager after 3 s and the CTO after 4 s. The executor polls only every
 * 30 s here: the timers fire on time because they wake it at their due time.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "camunda.bpm.job-execution.enabled=true",
      "runbook.notify.dispatch.enabled=true",
      "camunda.bpm.job-execution.wait-time-in-millis=30000",
      "camunda.bpm.job-execution.max-wait=60000",
      "runbook.severities.sev1.response-time=PT3M",
      "runbook.severities.sev1.escalation-interval=PT1M"
    })
@ActiveProfiles({"demo", "test"})
class DrillTest {

  static GreenMail smtp;
  static LocalChatWebhook chat;

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;

  @BeforeAll
  static void startChannels() {
    smtp = new GreenMail(new ServerSetup(TestPorts.SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    chat = new LocalChatWebhook(TestPorts.WEBHOOK);
  }

  @AfterAll
  static void stopChannels() {
    smtp.stop();
    chat.close();
  }

  private ResponseEntity<JsonNode> startDrill(TestRestTemplate as, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return as.postForEntity("/api/drills", new HttpEntity<>(json, headers), JsonNode.class);
  }

  private JsonNode report(String drillId) {
    return http.withBasicAuth("lead", "lead").getForObject("/api/drills/{id}/report", JsonNode.class, drillId);
  }

  @Test
  void aSev1DrillAtTimeScale60EscalatesToTheTopInSecondsAndReportsIt() throws Exception {
    Instant requested = Instant.now();
    ResponseEntity<JsonNode> started = startDrill(http.withBasicAuth("lead", "lead"),
        "{\"severity\": \"SEV-1\", \"scenario\": \"complete-outage\", \"timeScale\": 60}");

    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String drillId = started.getBody().get("drillId").asText();
    assertThat(drillId).matches("INC-\\d{4}-\\d{4}");
    assertThat(started.getHeaders().getLocation()).hasToString("/api/drills/" + drillId + "/report");

    // Marked as a drill everywhere people look.
    ProcessInstance incident = runtime.createProcessInstanceQuery().processInstanceBusinessKey(drillId)
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).singleResult();
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.DRILL)).isEqualTo(true);
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.TITLE)).isEqualTo("[DRILL] Checkout is down for all customers");
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId()).singleResult().getName())
        .startsWith("[DRILL] SEV-1 \u00b7 ").endsWith("Acknowledge and assess severity");

    // Nobody acknowledges: Team Lead, Engineering Manager and CTO are e-mailed within seconds.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(mailsFor(drillId)).extracting(DrillTest::firstRecipient)
            .contains("oncall@runbook.local", "lead@runbook.local", "manager@runbook.local", "cto@runbook.local"));
    for (MimeMessage mail : mailsFor(drillId)) {
      assertThat(mail.getSubject()).startsWith("[DRILL] \uD83D\uDEA8 " + drillId + " SEV-1 Checkout is down for all customers: ");
    }
    assertThat(chat.received()).anySatisfy(post -> assertThat(post.body()).contains("[DRILL]", drillId));

    // The report: which timers fired when, who was told, which tasks were late.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(report(drillId).get("notifications"))
        .allSatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("delivered")));
    JsonNode report = report(drillId);
    assertThat(report.get("status").asText()).isEqualTo("running");
    assertThat(report.get("timeScale").asDouble()).isEqualTo(60.0);
    assertThat(report.get("startedBy").asText()).isEqualTo("lead");
    List<JsonNode> timers = list(report.get("slaTimers"));
    assertThat(timers).extracting(t -> t.get("told").asText()).containsExactly("Team Lead", "Engineering Manager", "CTO");
    assertThat(timers).extracting(t -> t.get("due").asText())
        .containsExactly(plusSeconds(report, 0), plusSeconds(report, 3), plusSeconds(report, 4));
    assertThat(timers).allSatisfy(t -> assertThat(Instant.parse(t.get("firedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(t.get("due").asText())));
    // SEV-1 escalates "Immediate": the Team Lead heard of it with the page; scaled back, the Engineering
    // Manager 3 minutes into the (shortened) SEV-1 incident, at its response time.
    assertThat(Duration.parse(timers.get(1).get("asIfRealTime").asText())).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    assertThat(list(report.get("notifications"))).extracting(n -> n.get("role").asText() + "/" + n.get("channel").asText())
        .contains("Primary On-Call/email", "Team Lead/email", "Engineering Manager/email", "CTO/email", "CTO/chat");
    JsonNode triage = list(report.get("tasks")).get(0);
    // Escalated to the top by the time the report is read: the name says so.
    assertThat(triage.get("task").asText()).isEqualTo("[DRILL] SEV-1 \u00b7 \u26a0 escalated L3 \u00b7 Acknowledge and assess severity");
    assertThat(triage.get("late").asBoolean()).isTrue();
    assertThat(Instant.parse(report.get("startedAt").asText())).isBetween(requested.minusSeconds(1), Instant.now());

    // Ending the drill stops it; the report stays.
    ResponseEntity<JsonNode> ended = http.withBasicAuth("lead", "lead")
        .postForEntity("/api/drills/{id}/end", null, JsonNode.class, drillId);
    assertThat(ended.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ended.getBody().get("status").asText()).isEqualTo("ended");
    assertThat(ended.getBody().get("endReason").asText()).isEqualTo("drill ended by lead");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).count()).isZero();
  }

  @Test
  void onlyTeamLeadsAndAboveRunDrills() {
    ResponseEntity<JsonNode> anonymous = startDrill(http, "{\"severity\": \"SEV-2\", \"scenario\": \"minor-bug\"}");
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    assertThat(anonymous.getBody().get("message").asText()).contains("Log in with HTTP Basic");

    // (An unknown user: a wrong password would lock a real one out for a few seconds, as Camunda does.)
    ResponseEntity<JsonNode> unknownUser = startDrill(http.withBasicAuth("mallory", "lead"), "{}");
    assertThat(unknownUser.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(unknownUser.getBody().get("message").asText()).contains("Log in with HTTP Basic");

    ResponseEntity<JsonNode> responder = startDrill(http.withBasicAuth("responder", "responder"),
        "{\"severity\": \"SEV-2\", \"scenario\": \"minor-bug\"}");
    assertThat(responder.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(responder.getBody().get("detail").asText())
        .isEqualTo("drills can be run by members of [team-leads, engineering-managers, cto, camunda-admin]; 'responder' is in [responders]");

    ResponseEntity<JsonNode> manager = startDrill(http.withBasicAuth("manager", "manager"),
        "{\"severity\": \"SEV-4\", \"scenario\": \"minor-bug\", \"timeScale\": 10}");
    assertThat(manager.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    http.withBasicAuth("manager", "manager").postForEntity("/api/drills/{id}/end", null, JsonNode.class,
        manager.getBody().get("drillId").asText());
  }

  @Test
  void badDrillRequestsAre400sNamingTheProblem() {
    TestRestTemplate lead = http.withBasicAuth("lead", "lead");

    ResponseEntity<JsonNode> wrong = startDrill(lead, "{\"severity\": \"SEV-9\", \"scenario\": \"meteor\", \"timeScale\": 0}");
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrong.getBody().get("detail").asText()).isEqualTo(
        "severity must be one of SEV-1, SEV-2, SEV-3, SEV-4; got 'SEV-9'; "
            + "scenario must be one of [complete-outage, data-breach, degraded-performance, minor-bug]; got 'meteor'; "
            + "timeScale must be between 1 and 3600; got 0.0");

    ResponseEntity<JsonNode> notJson = startDrill(lead, "severity=SEV-1");
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notJson.getBody().get("detail").asText()).startsWith("the body must be JSON such as");

    ResponseEntity<JsonNode> unknown = lead.getForEntity("/api/drills/INC-1999-0001/report", JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail").asText()).isEqualTo("no drill with id 'INC-1999-0001'");
  }

  @Test
  void aRealIncidentHasNoDrillReport() {
    ProcessInstance real = runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED,
        Map.of(ProcessVariables.TITLE, "Real outage", ProcessVariables.SOURCE, "monitoring", ProcessVariables.PROPOSED_SEVERITY, "SEV-4"));

    ResponseEntity<JsonNode> report = http.withBasicAuth("lead", "lead")
        .getForEntity("/api/drills/{id}/report", JsonNode.class, real.getBusinessKey());

    assertThat(report.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(report.getBody().get("detail").asText()).contains("is a real incident, not a drill");
    ResponseEntity<JsonNode> ended = http.withBasicAuth("lead", "lead")
        .postForEntity("/api/drills/{id}/end", null, JsonNode.class, real.getBusinessKey());
    assertThat(ended.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(real.getId()).count()).isOne();
  }

  private static List<MimeMessage> mailsFor(String drillId) throws Exception {
    List<MimeMessage> mails = new ArrayList<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      if (mail.getSubject().contains(drillId)) {
        mails.add(mail);
      }
    }
    return mails;
  }

  private static String plusSeconds(JsonNode report, int seconds) {
    return Instant.parse(report.get("startedAt").asText()).plusSeconds(seconds).toString();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static String firstRecipient(MimeMessage mail) {
    try {
      return mail.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (Exception unreadable) {
      throw new IllegalStateException(unreadable);
    }
  }
}
