package io.runbook.escalation;

import io.runbook.communication.NotificationOutbox;
import static io.runbook.escalation.EscalationTestSupport.T0;
import static io.runbook.escalation.EscalationTestSupport.at;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The resolution SLA after triage, and routing to Security and Legal/Compliance. */
@EngineTest
class ResolutionAndRoutingTest {

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
  void anUnresolvedSev3EscalatesFromItsResolutionTargetUntilClosed() {
    ProcessInstance incident = support.raise("SEV-3");
    complete(task(IncidentResponse.TRIAGE, incident), AcknowledgementEscalationTest.triage("SEV-3"));

    // SEV-3 "If unresolved": 3 days after the report, then every 4 hours up the path.
    Job unresolved = support.timer(incident, IncidentResponse.RESOLUTION_OVERDUE);
    Assertions.assertThat(unresolved.getDuedate()).isEqualTo(at(Duration.ofDays(3)));
    support.fire(unresolved);
    Assertions.assertThat(support.told(incident)).contains("Team Lead/email -> lead@runbook.local");
    Assertions.assertThat(support.notifications(incident)).last().extracting(n -> n.get(ProcessVariables.NOTIFICATION_SUBJECT)).asString()
        .endsWith("SEV-3 Checkout is failing: not resolved within 3 days, escalated to Team Lead");
    Job next = support.timer(incident, IncidentResponse.RESOLUTION_OVERDUE);
    Assertions.assertThat(next.getDuedate()).isEqualTo(at(Duration.ofDays(3).plusHours(4)));

    // Closing the ticket stops the clock; the pending escalation never fires.
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), withVariables("recentChangesReviewed", true, "dashboardsChecked", true,
        "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Bad config"));
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), withVariables("mitigationAction", "quick-fix", "fixImplemented", true,
        "mitigationNotes", "Config reverted"));
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), withVariables("confirmedRootCause", "Bad config", "rootCauseConfirmed", true));
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), withVariables("permanentFix", "Validate config", "fixReference", "PR-1",
        "fixDeployedThroughNormalProcess", true));
    complete(task(IncidentResponse.VERIFY_FIX, incident), withVariables("fixVerifiedInProduction", true, "verificationNotes", "OK",
        "postMortemRequested", false, "closeTicket", true));

    assertThat(incident).isEnded().hasPassed(IncidentResponse.RESOLUTION_SLA_MET_END, IncidentResponse.END_CLOSED);
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).filteredOn(e -> "resolution".equals(e.sla()))
        .extracting(EscalationLog.Event::role).containsExactly("Team Lead");
  }

  @Test
  void sev1ResolutionTargetIsFourHours() {
    ProcessInstance incident = support.raise("SEV-1");
    complete(task(IncidentResponse.TRIAGE, incident), AcknowledgementEscalationTest.triage("SEV-1"));
    Assertions.assertThat(support.timer(incident, IncidentResponse.RESOLUTION_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofHours(4)));
  }

  @Test
  void sev4MissesItsTargetWithoutEscalation() {
    ProcessInstance incident = support.raise("SEV-4");
    complete(task(IncidentResponse.TRIAGE, incident), AcknowledgementEscalationTest.triage("SEV-4"));

    support.fire(support.timer(incident, IncidentResponse.RESOLUTION_OVERDUE));

    // "None": recorded and the on-call reminded, nobody above told, no further timer.
    Assertions.assertThat(support.told(incident)).filteredOn(n -> n.contains("/email")).allMatch(n -> n.startsWith("Primary On-Call"));
    Assertions.assertThat(support.timer(incident, IncidentResponse.RESOLUTION_OVERDUE)).isNull();
    assertThat(incident).hasPassed(IncidentResponse.RESOLUTION_ESCALATION_DONE).variables()
        .containsEntry(ProcessVariables.RESOLUTION_BREACHED_AT, at(Duration.ofDays(14)));
  }

  @Test
  void aSecurityRelatedAlertTellsSecurityAtTriageOnce() {
    Map<String, Object> alert = EscalationTestSupport.alert("SEV-1");
    alert.put(ProcessVariables.SECURITY_RELATED, true);
    ProcessInstance incident = support.raise(alert);

    // Security is told as soon as triage starts, beside the on-call page.
    Assertions.assertThat(support.told(incident)).contains(
        "Security/email -> security-team@runbook.local, security@runbook.local");
    Map<String, Object> triage = AcknowledgementEscalationTest.triage("SEV-1");
    triage.put(ProcessVariables.SECURITY_RELATED, true);
    complete(task(IncidentResponse.TRIAGE, incident), triage);

    // The review task follows triage; Security is not told twice.
    assertThat(incident).isWaitingAt(IncidentResponse.SECURITY_REVIEW_CALL);
    Assertions.assertThat(support.told(incident)).filteredOn(n -> n.startsWith("Security/email")).hasSize(1);
    Assertions.assertThat(log.forIncident(incident.getBusinessKey()))
        .extracting(EscalationLog.Event::kind, EscalationLog.Event::role)
        .contains(Assertions.tuple("route", "Security"));
  }

  @Test
  void securityFoundAtTriageAndASuspectedBreachBringInSecurityAndLegal() {
    ProcessInstance incident = support.raise("SEV-2");
    Assertions.assertThat(support.told(incident)).noneMatch(n -> n.startsWith("Security") || n.startsWith("Legal"));

    Map<String, Object> triage = AcknowledgementEscalationTest.triage("SEV-1");
    triage.put(ProcessVariables.SECURITY_RELATED, true);
    triage.put(ProcessVariables.DATA_BREACH_SUSPECTED, true);
    complete(task(IncidentResponse.TRIAGE, incident), triage);

    assertThat(incident).isWaitingAt(IncidentResponse.SECURITY_REVIEW_CALL, IncidentResponse.LEGAL_REVIEW_CALL);
    Assertions.assertThat(support.told(incident)).contains(
        "Security/email -> security-team@runbook.local, security@runbook.local",
        "Legal/Compliance/email -> legal@runbook.local");
    Assertions.assertThat(support.notifications(incident)).filteredOn(n -> "Legal/Compliance".equals(n.get(ProcessVariables.NOTIFICATION_ROLE)))
        .first().extracting(n -> n.get(ProcessVariables.NOTIFICATION_BODY)).asString()
        .startsWith("A data breach is suspected. Legal/Compliance is asked to decide on notification obligations")
        .contains("Severity: SEV-1");
    Assertions.assertThat(log.forIncident(incident.getBusinessKey()))
        .filteredOn(e -> e.kind().equals("route"))
        // Legal hears of the breach the moment triage flags it, before routing brings in Security (issue 16).
        .extracting(EscalationLog.Event::role).containsExactly("Legal/Compliance", "Security");
    // The reviews run as called processes; their listeners still log on the incident itself.
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).filteredOn(e -> e.kind().equals("route"))
        .extracting(EscalationLog.Event::processInstanceId).containsOnly(incident.getId());
    assertThat(incident).variables().extractingByKey(ProcessVariables.LAST_ESCALATION).asString()
        .contains("security-related: told Security");
  }
}
