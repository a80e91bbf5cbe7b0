package io.runbook.communication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notifications leave through real channels: an SMTP server (GreenMail) and an HTTP webhook on
 * loopback, the way production sends them: an outbox row sent by the dispatcher (its sending code
 * run by hand here) and, when that fails, handed over to an {@code incident-notification} process
 * whose delivery job is run by hand, like the job executor would, including every retry.
 */
@EngineTest
class NotificationDeliveryTest {

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired NotificationOutbox outbox;

  GreenMail smtp;
  LocalChatWebhook chat;

  @BeforeEach
  void startChannels() {
    smtp = new GreenMail(new ServerSetup(TestPorts.SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    chat = new LocalChatWebhook(TestPorts.WEBHOOK);
  }

  @AfterEach
  void stopChannels() {
    smtp.stop();
    chat.close();
    ClockUtil.reset();
  }

  private ProcessInstance raiseSev1() {
    Map<String, Object> alert = new HashMap<>();
    alert.put(ProcessVariables.TITLE, "Checkout is failing");
    alert.put(ProcessVariables.SOURCE, "monitoring");
    alert.put(ProcessVariables.PROPOSED_SEVERITY, "SEV-1");
    alert.put(ProcessVariables.AFFECTED_SYSTEMS, "checkout-api");
    alert.put(ProcessVariables.AFFECTED_USERS, "all EU customers");
    alert.put(ProcessVariables.INCIDENT_COMMANDER, "lead");
    return runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, alert);
  }

  /** What a sender thread does right after the commit: sends the incident's open messages. */
  private void dispatch(ProcessInstance incident) {
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
  }

  /** The outbox row of the incident's notification for {@code role} on {@code channel}. */
  private NotificationOutbox.Row row(ProcessInstance incident, String role, String channel) {
    return outbox.forIncident(incident.getBusinessKey(), 100).stream()
        .filter(row -> row.role().equals(role) && row.channel().id().equals(channel)).findFirst().orElseThrow();
  }

  /** The process the dispatcher handed the incident's notification for {@code role} on {@code channel} to. */
  private ProcessInstance notification(ProcessInstance incident, String role, String channel) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(IncidentNotification.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .variableValueEquals(ProcessVariables.NOTIFICATION_ROLE, role).variableValueEquals(ProcessVariables.NOTIFICATION_CHANNEL, channel)
        .singleResult();
  }

  private Job delivery(ProcessInstance notification) {
    return management.createJobQuery().processInstanceId(notification.getId()).singleResult();
  }

  private void escalateToTeamLead(ProcessInstance incident) {
    Job timer = management.createJobQuery().processInstanceId(incident.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
    ClockUtil.setCurrentTime(timer.getDuedate());
    management.executeJob(timer.getId());
  }

  @Test
  void theTeamLeadGetsAnEmailInTheRunbooksFormat() throws Exception {
    // SEV-1's escalation is "Immediate": the Team Lead is told with the page, not at the 15-minute breach.
    ProcessInstance incident = raiseSev1();

    dispatch(incident);

    MimeMessage mail = null;
    for (MimeMessage received : smtp.getReceivedMessages()) {
      if (received.getAllRecipients()[0].toString().equals("lead@runbook.local")) {
        assertThat(mail).as("one mail to the Team Lead").isNull();
        mail = received;
      }
    }
    assertThat(mail).as("the Team Lead's mail").isNotNull();
    assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("runbook@localhost");
    assertThat(mail.getSubject()).isEqualTo("\uD83D\uDEA8 " + incident.getBusinessKey()
        + " SEV-1 Checkout is failing: new SEV-1 incident, informed at once");
    String id = incident.getBusinessKey().toLowerCase();
    assertThat(((String) mail.getContent()).replace("\r\n", "\n"))
        .startsWith("New SEV-1 incident from monitoring. The runbook's escalation for SEV-1 is 'Immediate'")
        .contains("If nobody acknowledges within 15 minutes of the report, Engineering Manager is told next.")
        .contains("\uD83D\uDEA8 INCIDENT: Checkout is failing\n"
            + "Severity: SEV-1 (proposed, triage has not decided yet)\n"
            + "Status: Investigating\n"
            + "Affected systems: checkout-api\n"
            + "Affected users: all EU customers\n"
            + "IC: @lead\n"
            + "Channel: #incident-" + id + "\n")
        .contains("Incident ticket: " + incident.getBusinessKey())
        .contains("Tasklist: http://localhost:8080/camunda/app/tasklist/");
    NotificationOutbox.Row email = row(incident, "Team Lead", "email");
    assertThat(email.deliveredAt()).isNotNull();
    // Sent at once: no process, no job.
    assertThat(email.processInstanceId()).isNull();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(IncidentNotification.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey()).count()).isZero();

    // Unacknowledged at 15 minutes, the path goes on: the Engineering Manager, level 2 of 3.
    smtp.purgeEmailFromAllMailboxes();
    escalateToTeamLead(incident);
    dispatch(incident);
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("manager@runbook.local");
    assertThat(received[0].getSubject()).endsWith("not acknowledged within 15 minutes, escalated to Engineering Manager");
  }

  @Test
  void theChatWebhookGetsSlackCompatibleJsonMentioningTheOnCall() throws Exception {
    ProcessInstance incident = raiseSev1();

    dispatch(incident);

    // The page to the on-call, then the Team Lead's notice (SEV-1 escalates at once).
    assertThat(chat.received()).hasSize(2);
    assertThat(chat.received().get(1).body()).contains("new SEV-1 incident, informed at once");
    LocalChatWebhook.Received post = chat.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.contentType()).startsWith("application/json");
    JsonNode json = new ObjectMapper().readTree(post.body());
    assertThat(json.fieldNames()).toIterable().containsExactly("text");
    assertThat(json.get("text").asText())
        .startsWith("@alawein *\uD83D\uDEA8 " + incident.getBusinessKey() + " SEV-1 Checkout is failing: new incident, acknowledge within 15 minutes*\n")
        .contains("Acknowledge it within 15 minutes", "Severity: SEV-1", "Affected systems: checkout-api", "IC: @lead",
            "If nobody does, Engineering Manager is told next (Team Lead is told now, with you).");
  }

  @Test
  void aFailingWebhookIsRetriedWithBackOff() {
    chat.answer(500);
    ProcessInstance incident = raiseSev1();
    dispatch(incident);
    // The dispatcher's attempts (the page and the Team Lead's notice) failed: each is handed over to a
    // process that retries it.
    assertThat(chat.received()).hasSize(2);
    Job job = delivery(notification(incident, "Primary On-Call", "chat"));
    assertThat(row(incident, "Primary On-Call", "chat").processInstanceId()).isEqualTo(job.getProcessInstanceId());
    ClockUtil.setCurrentTime(new Date());

    assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("500");

    Job retry = management.createJobQuery().jobId(job.getId()).singleResult();
    assertThat(retry.getRetries()).isEqualTo(3);
    assertThat(retry.getExceptionMessage()).contains("500");
    assertThat(retry.getDuedate()).isEqualTo(new Date(ClockUtil.getCurrentTime().getTime() + 10_000));
    assertThat(chat.received()).as("the page tried again once").hasSize(3);
  }

  @Test
  void smtpDownEndsAsACamundaIncidentAndATaskForTheIncidentCommander() {
    smtp.stop();
    ProcessInstance incident = raiseSev1();
    escalateToTeamLead(incident);
    dispatch(incident);
    ProcessInstance email = notification(incident, "Team Lead", "email");

    int attempts = failUntilRetriesAreExhausted(delivery(email));

    // Four attempts: the first and one after each of PT10S, PT1M, PT5M.
    assertThat(attempts).isEqualTo(4);
    Incident failed = runtime.createIncidentQuery().processInstanceId(email.getId()).singleResult();
    assertThat(failed.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
    assertThat(failed.getActivityId()).isEqualTo(IncidentNotification.SEND_NOTIFICATION);
    assertThat(failed.getIncidentMessage()).containsIgnoringCase("connect");

    Task byHand = tasks.createTaskQuery().processInstanceId(email.getId()).singleResult();
    assertThat(byHand.getTaskDefinitionKey()).isEqualTo(IncidentNotification.DELIVER_BY_HAND);
    assertThat(byHand.getAssignee()).isEqualTo("lead");
    assertThat(tasks.getIdentityLinksForTask(byHand.getId())).extracting(IdentityLink::getGroupId).contains("team-leads");
    assertThat((String) tasks.getVariable(byHand.getId(), ProcessVariables.NOTIFICATION_BODY)).contains("\uD83D\uDEA8 INCIDENT: Checkout is failing");
    assertThat((String) tasks.getVariable(byHand.getId(), ProcessVariables.NOTIFICATION_ERROR)).containsIgnoringCase("connect");
    assertThat((String) tasks.getVariable(byHand.getId(), ProcessVariables.INCIDENT_ID)).isEqualTo(incident.getBusinessKey());

    // The Incident Commander phones the team lead: the notification is done, so is its incident.
    tasks.complete(byHand.getId(), Map.of("deliveredByHand", true, "deliveryNotes", "Called Lee at 10:20"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(email.getId()).count()).isZero();
    assertThat(runtime.createIncidentQuery().processInstanceId(email.getId()).count()).isZero();
    // The incident itself never noticed.
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).singleResult().isEnded()).isFalse();
  }

  @Test
  void aSuccessfulRetryFromCockpitWithdrawsTheTask() throws Exception {
    smtp.stop();
    ProcessInstance incident = raiseSev1();
    dispatch(incident);
    ProcessInstance email = notification(incident, "Primary On-Call", "email");
    Job job = delivery(email);
    failUntilRetriesAreExhausted(job);
    assertThat(tasks.createTaskQuery().processInstanceId(email.getId()).count()).isOne();

    // SMTP is back; an operator presses "Retry" in Cockpit.
    smtp.start();
    management.setJobRetries(job.getId(), 1);
    management.executeJob(job.getId());

    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(tasks.createTaskQuery().processInstanceId(email.getId()).count()).isZero();
    assertThat(runtime.createIncidentQuery().processInstanceId(email.getId()).count()).isZero();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(email.getId()).count()).isZero();
    // Its outbox row shows the delivery too.
    assertThat(row(incident, "Primary On-Call", "email").deliveredAt()).isNotNull();
  }

  private int failUntilRetriesAreExhausted(Job job) {
    int attempts = 0;
    Job current = job;
    while (current != null && current.getRetries() > 0) {
      ClockUtil.setCurrentTime(current.getDuedate() == null ? new Date() : current.getDuedate());
      String id = current.getId();
      assertThatThrownBy(() -> management.executeJob(id)).isNotNull();
      attempts++;
      current = management.createJobQuery().jobId(id).singleResult();
    }
    return attempts;
  }
}
