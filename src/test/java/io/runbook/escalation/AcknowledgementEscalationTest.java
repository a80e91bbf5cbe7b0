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
  void unacknowledgedSev1InformsTheTeamLeadAtOnceThenClimbsEngineeringManagerCto() {
    ProcessInstance incident = support.raise("SEV-1");

    // "Escalation: Immediate": the developer on call is paged and the Team Lead informed at once,
    // and the Team Lead's group is offered the triage task.
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT, IncidentResponse.ACK_SLA_EVENTS);
    Assertions.assertThat(support.told(incident)).containsExactly(
        "Primary On-Call/email -> oncall@runbook.local", "Primary On-Call/chat -> @alawein",
        "Team Lead/email -> lead@runbook.local", "Team Lead/chat -> ");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(IncidentResponse.TRIAGE, incident).getId()))
        .extracting(IdentityLink::getGroupId).contains("responders", "team-leads");
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_LEVEL, 1).doesNotContainKey(ProcessVariables.ACK_BREACHED_AT);
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).extracting(EscalationLog.Event::kind, EscalationLog.Event::role)
        .containsExactly(Assertions.tuple("page", "Primary On-Call"), Assertions.tuple("inform", "Team Lead"));

    // 15 minutes (SEV-1 response time): the path goes on with the Engineering Manager.
    Job managerTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(managerTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));
    support.fire(managerTimer);
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_LEVEL, 2)
        .containsEntry(ProcessVariables.ACK_BREACHED_AT, at(Duration.ofMinutes(15)));

    // 10 minutes later (SEV-1 escalation interval), the CTO.
    Job ctoTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(ctoTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(25)));
    support.fire(ctoTimer);

    // The top is reached: nobody is left to tell, and the incident still waits for acknowledgement.
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
    assertThat(incident).hasPassed(IncidentResponse.ACK_ESCALATION_DONE).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT);
    Assertions.assertThat(support.told(incident)).filteredOn(n -> n.contains("/email"))
        .containsExactly("Primary On-Call/email -> oncall@runbook.local", "Team Lead/email -> lead@runbook.local",
            "Engineering Manager/email -> manager@runbook.local", "CTO/email -> cto@runbook.local");

    // The escalation history records the immediate notice and each breach with its due time and who was told.
    List<EscalationLog.Event> steps = log.forIncident(incident.getBusinessKey()).stream()
        .filter(e -> !e.kind().equals("page")).toList();
    Assertions.assertThat(steps).extracting(EscalationLog.Event::kind, EscalationLog.Event::role, EscalationLog.Event::level)
        .containsExactly(Assertions.tuple("inform", "Team Lead", 1), Assertions.tuple("breach", "Engineering Manager", 2),
            Assertions.tuple("breach", "CTO", 3));
    Assertions.assertThat(steps.get(0).due()).isEqualTo(T0);
    Assertions.assertThat(steps.get(1).due()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    Assertions.assertThat(steps.get(2).note()).contains("SEV-1 not acknowledged within 15 minutes: told CTO (level 3 of 3)");
    assertThat(incident).variables().extractingByKey(ProcessVariables.LAST_ESCALATION).asString()
        .isEqualTo("2026-03-02T10:25:00Z SEV-1 not acknowledged within 15 minutes: told CTO (level 3 of 3) \u2014 cto@runbook.local");
  }

  @Test
  void unacknowledgedSev2ReachesTheTeamLeadAt30Minutes() {
    ProcessInstance incident = support.raise("SEV-2");
    Assertions.assertThat(support.told(incident)).containsExactly(
        "Primary On-Call/email -> oncall@runbook.local", "Primary On-Call/chat -> @alawein");

    // "Escalation: Within 30 min": the Team Lead is told 30 minutes after the report, before the 1-hour breach.
    Job teamLeadTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(teamLeadTimer.getDuedate()).isEqualTo(at(Duration.ofMinutes(30)));
    support.fire(teamLeadTimer);
    Assertions.assertThat(support.told(incident)).endsWith("Team Lead/email -> lead@runbook.local", "Team Lead/chat -> ");
    Assertions.assertThat(support.notifications(incident).get(2).get(ProcessVariables.NOTIFICATION_SUBJECT).toString())
        .endsWith("not acknowledged after 30 minutes, escalated to Team Lead");
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_LEVEL, 1).doesNotContainKey(ProcessVariables.ACK_BREACHED_AT);
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(IncidentResponse.TRIAGE, incident).getId()))
        .extracting(IdentityLink::getGroupId).contains("team-leads");

    // The response time (1 hour) is breached: the Engineering Manager; 30 minutes later the CTO.
    Job managerTimer = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(managerTimer.getDuedate()).isEqualTo(at(Duration.ofHours(1)));
    support.fire(managerTimer);
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(90)));
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).extracting(EscalationLog.Event::kind, EscalationLog.Event::role)
        .containsExactly(Assertions.tuple("page", "Primary On-Call"), Assertions.tuple("inform", "Team Lead"),
            Assertions.tuple("breach", "Engineering Manager"));
  }

  @Test
  void aSev2AcknowledgedWithin30MinutesReachesNobodyAbove() {
    ProcessInstance incident = support.raise("SEV-2");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(20)));
    taskService().claim(task(IncidentResponse.TRIAGE, incident).getId(), "responder");

    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE)).isNull();
    Assertions.assertThat(support.told(incident)).containsExactly(
        "Primary On-Call/email -> oncall@runbook.local", "Primary On-Call/chat -> @alawein");
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
    // The Team Lead was informed at once ("Immediate"); no breach followed.
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).extracting(EscalationLog.Event::kind).containsExactly("page", "inform");
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

    // The timer now follows SEV-1's escalation, counted from the report: the Team Lead at once
    // ("Immediate"), the Engineering Manager at the 15-minute response time.
    Job rearmed = support.timer(incident, IncidentResponse.ACK_OVERDUE);
    Assertions.assertThat(rearmed.getDuedate()).isEqualTo(at(Duration.ZERO));
    assertThat(incident).variables().containsEntry(ProcessVariables.ACK_SEVERITY, "SEV-1");
    support.fire(rearmed);
    Assertions.assertThat(support.told(incident)).contains("Team Lead/email -> lead@runbook.local");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));

    // Setting the severity itself (before triage completes) re-arms as well: for SEV-2 the Team Lead was
    // told already, so the next level comes at the 60-minute response time.
    runtimeService().setVariable(incident.getId(), ProcessVariables.SEVERITY, "SEV-2");
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(60)));
  }

  @Test
  void anOverdueSeverityChangeFiresAtOnce() {
    ProcessInstance incident = support.raise("SEV-4");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(20)));
    runtimeService().setVariable(incident.getId(), ProcessVariables.PROPOSED_SEVERITY, "SEV-1");
    // SEV-1 tells the Team Lead at once: that timer is due at the report, so it fires now.
    Assertions.assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ZERO));
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
