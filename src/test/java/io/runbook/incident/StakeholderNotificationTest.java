package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.*;
import static io.runbook.incident.IncidentMail.dispatch;
import static io.runbook.incident.IncidentMail.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.util.GreenMail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.communication.LocalChatWebhook;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.communication.NotificationOutbox;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Stakeholders (demo profile: stakeholders@ and cto@runbook.local for SEV-1, stakeholders@ for SEV-2,
 * "@alawein" on chat) and the assembled team hear of an incident by real e-mail (GreenMail) and chat
 * (a local webhook), sent from the outbox as the dispatcher does, including after an SMTP outage.
 */
@EngineTest
class StakeholderNotificationTest {

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired NotificationOutbox outbox;

  GreenMail smtp;
  LocalChatWebhook chat;

  @BeforeEach
  void start() {
    init(engine);
    smtp = IncidentMail.startSmtp();
    chat = new LocalChatWebhook(TestPorts.WEBHOOK);
  }

  @AfterEach
  void stop() {
    smtp.stop();
    chat.close();
  }

  private ProcessInstance report(String severity) {
    return runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, IncidentFixtures.report("Checkout is failing", severity));
  }

  private List<String> chatPostsAbout(ProcessInstance incident) {
    return chat.received().stream().map(LocalChatWebhook.Received::body)
        .filter(body -> body.contains(incident.getBusinessKey())).toList();
  }

  @Test
  void sev1StakeholdersHearOfTriageClosureAndPostMortemAndTheTeamOfTheirRoles() throws Exception {
    ProcessInstance incident = report("SEV-1");
    dispatch(dispatcher, incident);
    smtp.purgeEmailFromAllMailboxes();

    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-1"));
    dispatch(dispatcher, incident);

    for (String stakeholder : List.of("stakeholders@runbook.local", "cto@runbook.local")) {
      assertThat(mailsTo(smtp, stakeholder, incident)).singleElement().asString()
          .contains(incident.getBusinessKey() + " SEV-1 Checkout is failing: triaged as SEV-1")
          .contains("You are on the stakeholder list for SEV-1 incidents.")
          .contains("INCIDENT: Checkout is failing", "Severity: SEV-1\n", "Affected systems: checkout-api",
              "Affected users: all EU customers");
    }
    assertThat(chatPostsAbout(incident)).anySatisfy(post -> assertThat(post).contains("@alawein", "triaged as SEV-1"));

    // No Slack bot token in this configuration: the assembly form says plainly to create the channel by hand.
    assertThat((String) runtime.getVariable(incident.getId(), ProcessVariables.CHANNEL_NOTE))
        .contains("no Slack bot token", "create #incident-" + incident.getBusinessKey().toLowerCase() + " by hand");

    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    dispatch(dispatcher, incident);

    assertThat(mailsTo(smtp, "lead@runbook.local", incident)).singleElement().asString()
        .contains("you are Incident Commander", "You are Incident Commander of this incident (Incident Commander: overall coordination, decisions).",
            "The team: Incident Commander @lead, Technical Lead @responder, Communications @comms, Scribe @manager.");
    assertThat(mailsTo(smtp, "responder@runbook.local", incident)).singleElement().asString().contains("you are Technical Lead");
    assertThat(mailsTo(smtp, "comms@runbook.local", incident)).singleElement().asString()
        .contains("you are Communications", "status updates, stakeholder comms");
    assertThat(mailsTo(smtp, "manager@runbook.local", incident)).singleElement().asString().contains("you are Scribe");

    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    smtp.purgeEmailFromAllMailboxes();
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(false));
    dispatch(dispatcher, incident);

    assertThat(mailsTo(smtp, "stakeholders@runbook.local", incident)).singleElement().asString()
        .contains("RESOLVED: Checkout is failing", "Severity: SEV-1", "IC: @lead",
            "Root cause: Connection pool size regression in 4.2", "A post-mortem follows.");

    execute(job(IncidentResponse.PREPARE_POST_MORTEM, incident));
    smtp.purgeEmailFromAllMailboxes();
    complete(task(IncidentResponse.POST_MORTEM, incident), postMortem("Alert on pool saturation - responder - 2026-12-15"));
    dispatch(dispatcher, incident);

    assertThat(mailsTo(smtp, "cto@runbook.local", incident)).singleElement().asString()
        .contains("The post-mortem of " + incident.getBusinessKey() + " (SEV-1), \"Checkout is failing\", is published.",
            "Summary: Checkout failed for 40 minutes after release 4.2", "Users affected: 1200",
            "- Alert on pool saturation - responder - due 2026-12-15");
  }

  @Test
  void aStakeholderMailLostToAnSmtpOutageArrivesWhenTheServerIsBack() throws Exception {
    ProcessInstance incident = report("SEV-2");
    dispatch(dispatcher, incident);
    smtp.stop();

    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2"));
    dispatch(dispatcher, incident);

    ProcessInstance delivery = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentNotification.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .variableValueEquals(ProcessVariables.NOTIFICATION_ROLE, "Stakeholders (SEV-2)")
        .variableValueEquals(ProcessVariables.NOTIFICATION_CHANNEL, "email").singleResult();
    assertThat(delivery).as("the failed stakeholder mail is handed over to a retrying process").isNotNull();

    smtp.start();
    Job retry = management.createJobQuery().processInstanceId(delivery.getId()).singleResult();
    management.executeJob(retry.getId());

    assertThat(mailsTo(smtp, "stakeholders@runbook.local", incident)).singleElement().asString()
        .contains("triaged as SEV-2", "You are on the stakeholder list for SEV-2 incidents.");
    assertThat(outbox.forIncident(incident.getBusinessKey(), 100)).filteredOn(row -> row.role().equals("Stakeholders (SEV-2)"))
        .allSatisfy(row -> assertThat(row.deliveredAt()).isNotNull());
  }

  @Test
  void aStakeholderChatMessageLostToAChatOutageIsPostedWhenTheServerIsBack() throws Exception {
    ProcessInstance incident = report("SEV-1");
    dispatch(dispatcher, incident);
    chat.answer(503);

    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-1"));
    dispatch(dispatcher, incident);

    ProcessInstance delivery = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentNotification.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .variableValueEquals(ProcessVariables.NOTIFICATION_ROLE, "Stakeholders (SEV-1)")
        .variableValueEquals(ProcessVariables.NOTIFICATION_CHANNEL, "chat").singleResult();
    assertThat(delivery).as("the failed chat message is handed over to a retrying process").isNotNull();
    int failedPosts = chatPostsAbout(incident).size();

    chat.answer(200);
    Job retry = management.createJobQuery().processInstanceId(delivery.getId()).singleResult();
    management.executeJob(retry.getId());

    List<LocalChatWebhook.Received> posts = chat.received().stream().filter(post -> post.body().contains(incident.getBusinessKey())).toList();
    assertThat(posts).hasSize(failedPosts + 1);
    LocalChatWebhook.Received delivered = posts.get(posts.size() - 1);
    assertThat(delivered.path()).isEqualTo("/hook");
    assertThat(delivered.contentType()).startsWith("application/json");
    JsonNode payload = new ObjectMapper().readTree(delivered.body());
    assertThat(payload.fieldNames()).toIterable().containsExactly("text");
    assertThat(payload.get("text").asText()).startsWith("@alawein *\uD83D\uDEA8 " + incident.getBusinessKey() + " SEV-1 Checkout is failing: triaged as SEV-1*\n")
        .contains("You are on the stakeholder list for SEV-1 incidents.");
    assertThat(outbox.forIncident(incident.getBusinessKey(), 100))
        .filteredOn(row -> row.role().equals("Stakeholders (SEV-1)") && row.channel().id().equals("chat"))
        .singleElement().satisfies(row -> assertThat(row.deliveredAt()).isNotNull());
  }

  @Test
  void aTriagerWhoUnticksTheBoxForAFalseAlarmNotifiesNobody() {
    ProcessInstance incident = report("SEV-2");
    Map<String, Object> falseAlarm = new HashMap<>(triage("SEV-2"));
    falseAlarm.put(ProcessVariables.STAKEHOLDERS_NOTIFIED, false);

    complete(task(IncidentResponse.TRIAGE, incident), falseAlarm);

    assertThat(outbox.forIncident(incident.getBusinessKey(), 100)).extracting(NotificationOutbox.Row::role)
        .noneMatch(role -> role.startsWith("Stakeholders"));
  }

  @Test
  void aSeverityWithoutStakeholdersTellsNobodyMore() {
    ProcessInstance incident = report("SEV-3");

    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-3"));

    assertThat(outbox.forIncident(incident.getBusinessKey(), 100)).extracting(NotificationOutbox.Row::role)
        .noneMatch(role -> role.startsWith("Stakeholders"));
  }
}
