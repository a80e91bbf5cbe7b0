package io.runbook.escalation;

import io.runbook.communication.NotificationOutbox;
import static io.runbook.escalation.EscalationTestSupport.T0;
import static io.runbook.escalation.EscalationTestSupport.at;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The acknowledgement SLA on the real model with the job executor off: timers are fired by hand at
 * their due time and the test checks who was told. Demo users: lead (team-leads), manager
 * (engineering-managers), cto (cto); the on-call is oncall@runbook.local / @alawein.
 */
@EngineTest
class AcknowledgementEscalationTest {

  @Autowired ProcessEngine engine;
  @Autowired EscalationLog log;
  @Autowired NotificationOutbox outbox;
  EscalationTestSupport support;

  @BeforeEach
  void setUp() {
    init(engine);
    support = new EscalationTestSupport(engine, outbox);
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void unacknowledgedSev1ClimbsTeamLeadEngineeringManagerCto() {
    ProcessInstance incident = support.raise("SEV-1");

    // The developer on call is paged at once; the clock runs for the SEV-1 response time.
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT, IncidentResponse.ACK_SLA_EVENTS);
    Assertions.assertThat(support.told(incident)).containsExactly(
        "Primary On-Call/email -> oncall@runbook.local", "Primary On-Call/chat -> @alawein");
    Job teamLeadTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(teamLeadTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));

    // 15 minutes: the Team Lead is told and can pick up triage in Tasklist.
    support.fire(teamLeadTimer);
    Assertions.assertThat(support.told(incident)).hasSize(4).endsWith(
        "Team Lead/email -> lead@runbook.local", "Team Lead/chat -> ");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(IncidentResponse.TRIAGE, incident).getId()))
        .extracting(IdentityLink::getGroupId).contains("responders", "team-leads");
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_LEVEL, 1)
        .containsEntry(ProcessVariables.ACK_BREACHED_AT, at(Duration.ofMinutes(15)));

    // Every further 10 minutes (SEV-1 escalation interval), the next level.
    Job managerTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(managerTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(25)));
    support.fire(managerTimer);
    Job ctoTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(ctoTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(35)));
    support.fire(ctoTimer);

    // The top is reached: nobody is left to tell, and the incident still waits for acknowledgement.
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
    assertThat(incident).hasPassed(IncidentResponse.ACK_ESCALATION_DONE).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT);
    Assertions.assertThat(support.told(incident)).filteredOn(n -> n.contains("/email"))
        .containsExactly("Primary On-Call/email -> oncall@runbook.local", "Team Lead/email -> lead@runbook.local",
            "Engineering Manager/email -> manager@runbook.local", "CTO/email -> cto@runbook.local");

    // The escalation history records each breach with its due time and who was told.
    List<EscalationLog.Event> breaches = log.forIncident(incident.getBusinessKey()).stream()
        .filter(e -> e.kind().equals("breach")).toList();
    Assertions.assertThat(breaches).extracting(EscalationLog.Event::role, EscalationLog.Event::level)
        .containsExactly(Assertions.tuple("Team Lead", 1), Assertions.tuple("Engineering Manager", 2), Assertions.tuple("CTO", 3));
    Assertions.assertThat(breaches.get(0).due()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    Assertions.assertThat(breaches.get(2).note()).contains("SEV-1 not acknowledged within 15 minutes: told CTO (level 3 of 3)");
    assertThat(incident).variables().extractingByKey(ProcessVariables.LAST_ESCALATION).asString()
        .isEqualTo("2026-03-02T10:35:00Z SEV-1 not acknowledged within 15 minutes: told CTO (level 3 of 3) \u2014 cto@runbook.local");
  }

  @Test
  void acknowledgedInTimeNobodyIsEscalatedTo() {
    ProcessInstance incident = support.raise("SEV-1");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(5)));

    runtimeService().createMessageCorrelation(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .setVariable(ProcessVariables.ACKNOWLEDGED, true).setVariable(ProcessVariables.ACKNOWLEDGED_BY, "riley").setVariable(ProcessVariables.ACKNOWLEDGED_VIA, "pagerduty")
        .correlate();

    assertThat(incident).hasPassed(IncidentResponse.ACKNOWLEDGED, IncidentResponse.ACK_SLA_MET_END).isWaitingAt(IncidentResponse.TRIAGE);
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).extracting(EscalationLog.Event::kind).containsExactly("page");
  }

  @Test
  void claimingTheTriageTaskAcknowledgesTheIncident() {
    ProcessInstance incident = support.raise("SEV-2");

    taskService().claim(task(IncidentResponse.TRIAGE, incident).getId(), "responder");

    assertThat(incident).hasPassed(IncidentResponse.ACKNOWLEDGED, IncidentResponse.ACK_SLA_MET_END).isWaitingAt(IncidentResponse.TRIAGE)
        .variables().containsEntry(ProcessVariables.ACKNOWLEDGED_BY, "responder").containsEntry(ProcessVariables.ACKNOWLEDGED_VIA, "tasklist-claim");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
  }

  @Test
  void completingTriageStopsTheClockToo() {
    ProcessInstance incident = support.raise("SEV-2");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2"));

    assertThat(incident).hasPassed(IncidentResponse.TRIAGE).isWaitingAt(IncidentResponse.ASSEMBLE_TEAM);
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
  }

  @Test
  void raisingTheSeverityBeforeAcknowledgementReArmsTheTimer() {
    ProcessInstance incident = support.raise("SEV-3");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofHours(4)));

    // Five minutes in, an alert source (or someone in Cockpit) raises it to SEV-1.
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(5)));
    runtimeService().setVariable(incident.getId(), ProcessVariables.PROPOSED_SEVERITY, "SEV-1");

    // The timer now follows the SEV-1 response time, counted from the report.
    Job rearmed = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(rearmed.getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_SEVERITY, "SEV-1");
    support.fire(rearmed);
    Assertions.assertThat(support.told(incident)).contains("Team Lead/email -> lead@runbook.local");

    // Setting the severity itself (before triage completes) re-arms as well: SEV-2 puts the next level at 60 + 30 min.
    runtimeService().setVariable(incident.getId(), ProcessVariables.SEVERITY, "SEV-2");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(90)));
  }

  @Test
  void anOverdueSeverityChangeFiresAtOnce() {
    ProcessInstance incident = support.raise("SEV-4");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(20)));
    runtimeService().setVariable(incident.getId(), ProcessVariables.PROPOSED_SEVERITY, "SEV-1");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));
  }

  @Test
  void sev3IsOnlyRecordedAndTheOnCallReminded() {
    ProcessInstance incident = support.raise("SEV-3");
    support.fire(support.timer(incident, IncidentResponse.ACK_OVERDUE));

    // "If unresolved": a missed response time does not climb the path.
    Assertions.assertThat(support.told(incident)).filteredOn(n -> n.contains("/email"))
        .containsExactly("Primary On-Call/email -> oncall@runbook.local", "Primary On-Call/email -> oncall@runbook.local");
    Assertions.assertThat(support.notifications(incident).get(2).get(ProcessVariables.NOTIFICATION_SUBJECT).toString())
        .endsWith("not acknowledged within 4 hours (reminder)");
    assertThat(incident).hasPassed(IncidentResponse.ACK_ESCALATION_DONE).variables()
        .containsEntry(ProcessVariables.ACK_LEVEL, 0).containsEntry(ProcessVariables.ACK_BREACHED_AT, at(Duration.ofHours(4)));
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
  }

  static Map<String, Object> triage(String severity) {
    return withVariables(
        ProcessVariables.ACKNOWLEDGED, true, ProcessVariables.TITLE, "Checkout is failing", ProcessVariables.SEVERITY, severity,
        ProcessVariables.AFFECTED_SYSTEMS, "checkout-api", ProcessVariables.AFFECTED_USERS, "all EU customers",
        ProcessVariables.SECURITY_RELATED, false, ProcessVariables.DATA_BREACH_SUSPECTED, false, "stakeholdersNotified", true);
  }
}
