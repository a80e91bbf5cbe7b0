package io.runbook.communication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.drill.DrillReport;
import io.runbook.drill.DrillService;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The notification dispatcher (on by default; the other process tests turn it off and run each
 * delivery job by hand): a page leaves as soon as the incident is committed, without a process or a
 * job, and a message it cannot send becomes a notification process whose job retries it.
 */
// A long grace period: the background sweep never runs during a test; the sweep test calls it itself.
@SpringBootTest(properties = {"runbook.notify.dispatch.enabled=true", "runbook.notify.dispatch.grace=PT1H"})
@ActiveProfiles({"demo", "test"})
// Shares the engine tier's JVM: closed after the class, so its dispatcher stops sending to the test ports.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Tag(EngineTest.TAG)
class NotificationDispatchTest {

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired NotificationOutbox outbox;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired DrillService drills;

  GreenMail smtp;

  @AfterEach
  void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(TestPorts.SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  private ProcessInstance raiseSev1(String title) {
    Map<String, Object> alert = new HashMap<>();
    alert.put(ProcessVariables.TITLE, title);
    alert.put(ProcessVariables.SOURCE, "monitoring");
    alert.put(ProcessVariables.PROPOSED_SEVERITY, "SEV-1");
    alert.put(ProcessVariables.AFFECTED_SYSTEMS, "checkout-api");
    return runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, alert);
  }

  private NotificationOutbox.Row row(ProcessInstance incident, Channel channel) {
    return outbox.forIncident(incident.getBusinessKey(), 100).stream().filter(r -> r.channel() == channel)
        .filter(r -> r.role().equals("Primary On-Call")).findFirst().orElseThrow();
  }

  private ProcessInstance process(ProcessInstance incident, Channel channel) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(IncidentNotification.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .variableValueEquals(ProcessVariables.NOTIFICATION_CHANNEL, channel.id())
        // the page; a SEV-1 also informs the Team Lead at once, on the same channels
        .variableValueEquals(ProcessVariables.NOTIFICATION_ROLE, "Primary On-Call").singleResult();
  }

  private List<String> mailTo(String address) throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().equals(address))) {
        subjects.add(message.getSubject());
      }
    }
    return subjects;
  }

  @Test
  void thePageLeavesRightAfterTheIncidentIsCommittedWithoutAProcessOrJob() throws Exception {
    startSmtp();
    ProcessInstance incident = raiseSev1("Checkout answers 503");

    // No job is run in this test (the job executor is off): the dispatcher alone sends and records.
    await().atMost(Duration.ofSeconds(10)).until(() -> mailTo("oncall@runbook.local").size() == 1);
    assertThat(mailTo("oncall@runbook.local").get(0)).isEqualTo("\uD83D\uDEA8 " + incident.getBusinessKey()
        + " SEV-1 Checkout answers 503: new incident, acknowledge within 15 minutes");
    await().atMost(Duration.ofSeconds(10)).until(() -> row(incident, Channel.EMAIL).deliveredAt() != null);
    NotificationOutbox.Row email = row(incident, Channel.EMAIL);
    assertThat(email.role()).isEqualTo("Primary On-Call");
    assertThat(email.recipients()).containsExactly("oncall@runbook.local");
    assertThat(email.processInstanceId()).isNull();
    assertThat(process(incident, Channel.EMAIL)).isNull();

    // The chat page of the test profile goes to a webhook that is not running: its process retries it.
    ProcessInstance chat = await().atMost(Duration.ofSeconds(10)).until(() -> process(incident, Channel.CHAT),
        p -> p != null);
    assertThat(row(incident, Channel.CHAT).processInstanceId()).isEqualTo(chat.getId());
    assertThat(runtime.getVariable(chat.getId(), ProcessVariables.NOTIFICATION_RECIPIENTS)).isEqualTo("@alawein");
    assertThat(management.createJobQuery().processInstanceId(chat.getId()).singleResult().getRetries()).isPositive();
  }

  @Test
  void withTheSmtpServerDownThePageBecomesAProcessWhoseJobSendsItLater() throws Exception {
    ProcessInstance incident = raiseSev1("Payments time out");

    ProcessInstance email = await().atMost(Duration.ofSeconds(10)).until(() -> process(incident, Channel.EMAIL),
        p -> p != null);
    assertThat(row(incident, Channel.EMAIL).processInstanceId()).isEqualTo(email.getId());
    assertThat(runtime.getActiveActivityIds(email.getId())).containsExactly(IncidentNotification.SEND_NOTIFICATION);

    startSmtp();
    Job send = management.createJobQuery().processInstanceId(email.getId()).singleResult();
    management.executeJob(send.getId());

    assertThat(mailTo("oncall@runbook.local")).containsExactly("\uD83D\uDEA8 " + incident.getBusinessKey()
        + " SEV-1 Payments time out: new incident, acknowledge within 15 minutes");
    assertThat(row(incident, Channel.EMAIL).deliveredAt()).isNotNull();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(email.getId()).count()).isZero();
  }

  @Test
  void theDrillReportListsTheDispatchersMessagesDeliveredOrRetried() throws Exception {
    startSmtp();
    DrillService.Started drill = drills.start(new DrillService.DrillRequest("SEV-1", "complete-outage", 60.0), "lead");

    await().atMost(Duration.ofSeconds(10)).until(() -> drills.report(drill.drillId()).notifications().stream()
        .filter(n -> n.role().equals("Primary On-Call")).map(DrillReport.Notification::status).toList(),
        statuses -> statuses.contains("delivered") && statuses.contains("pending"));
    DrillReport.Notification email = drills.report(drill.drillId()).notifications().stream()
        .filter(n -> n.channel().equals("email")).findFirst().orElseThrow();
    assertThat(email.to()).containsExactly("oncall@runbook.local");
    assertThat(email.subject()).startsWith("[DRILL] \uD83D\uDEA8 " + drill.drillId() + " SEV-1");
    assertThat(email.why()).startsWith("page: SEV-1 incident opened: paged Primary On-Call");
    assertThat(email.deliveredAt()).isNotNull();
    // The chat page (no webhook running) is retried by its process: listed once, as pending.
    assertThat(drills.report(drill.drillId()).notifications()).filteredOn(n -> n.role().equals("Primary On-Call")).hasSize(2);
    // SEV-1 escalates "Immediate": the Team Lead's notice is listed with why it was sent.
    assertThat(drills.report(drill.drillId()).notifications()).filteredOn(n -> n.role().equals("Team Lead"))
        .allSatisfy(n -> assertThat(n.why()).startsWith("inform: SEV-1 escalation 'Immediate': told Team Lead"));
  }

  @Test
  void aMessageNobodyTriedIsHandedToItsProcessOnceTheGracePeriodHasPassed() {
    // Written outside a transaction that commits through the engine, as after a crash: never queued.
    long id = outbox.insert("INC-2026-9999", "Team Lead", Channel.EMAIL, List.of("lead@runbook.local"),
        "subject", "body", false, "lead", Instant.now().minus(Duration.ofHours(2)));
    long recent = outbox.insert("INC-2026-9999", "CTO", Channel.EMAIL, List.of("cto@runbook.local"),
        "subject", "body", false, null, Instant.now());

    assertThat(dispatcher.sweep()).isEqualTo(1);

    NotificationOutbox.Row handed = outbox.find(id);
    assertThat(handed.processInstanceId()).isNotNull();
    assertThat(runtime.getVariable(handed.processInstanceId(), ProcessVariables.NOTIFICATION_ID)).isEqualTo(id);
    assertThat(runtime.getVariable(handed.processInstanceId(), ProcessVariables.INCIDENT_COMMANDER)).isEqualTo("lead");
    assertThat(outbox.find(recent).processInstanceId()).isNull();
    // Handed over once: a second sweep finds nothing more to do for it.
    assertThat(dispatcher.sweep()).isZero();
  }
}
