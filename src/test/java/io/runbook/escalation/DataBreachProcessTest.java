package io.runbook.escalation;

import static io.runbook.escalation.EscalationTestSupport.T0;
import static io.runbook.escalation.EscalationTestSupport.at;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import com.icegreen.greenmail.util.GreenMail;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.communication.NotificationOutbox;
import io.runbook.incident.IncidentMail;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
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
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A suspected data breach (issue 16): Legal is brought in whenever the breach is suspected (at the
 * report, at triage, later by re-triage's escalation), once, with the regulatory deadline of 72 hours
 * from that moment; Legal is reminded at 24 h and 12 h left and the CTO told at 6 h left, by real
 * e-mail (GreenMail); closing the ticket waits for Legal on a confirmed or unclear breach and
 * proceeds on one ruled out. Timers are fired by hand on the engine clock.
 */
@EngineTest
class DataBreachProcessTest {

  @Autowired ProcessEngine engine;
  @Autowired NotificationOutbox outbox;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired EscalationLog log;
  EscalationTestSupport support;
  GreenMail smtp;

  @BeforeEach
  void setUp() {
    init(engine);
    support = new EscalationTestSupport(engine, outbox);
    ClockUtil.setCurrentTime(Date.from(T0));
    smtp = IncidentMail.startSmtp();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
    ClockUtil.reset();
  }

  private static Map<String, Object> triage(String severity, boolean breach) {
    Map<String, Object> triage = AcknowledgementEscalationTest.triage(severity);
    triage.put(ProcessVariables.DATA_BREACH_SUSPECTED, breach);
    return triage;
  }

  private List<ProcessInstance> legalReviews(ProcessInstance incident) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(incident.getId())
        .processDefinitionKey(LegalReview.PROCESS_KEY).list();
  }

  private long legalReviewsEver(ProcessInstance incident) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(incident.getId())
        .processDefinitionKey(LegalReview.PROCESS_KEY).count();
  }

  private Task legalTask(ProcessInstance incident, String key) {
    ProcessInstance review = legalReviews(incident).get(0);
    return engine.getTaskService().createTaskQuery().processInstanceId(review.getId()).taskDefinitionKey(key).singleResult();
  }

  private void moveClock(Duration afterT0) {
    ClockUtil.setCurrentTime(at(afterT0));
  }

  /** Sends the incident's waiting messages as the dispatcher would; the mails {@code address} got about it, subject and body. */
  private List<String> mailsTo(String address, ProcessInstance incident) throws Exception {
    IncidentMail.dispatch(dispatcher, incident);
    return IncidentMail.mailsTo(smtp, address, incident);
  }

  @Test
  void aBreachFlaggedAtTriageReachesLegalWithTheDeadlineRemindersAndTheCto() throws Exception {
    ProcessInstance incident = support.raise("SEV-2");
    moveClock(Duration.ofMinutes(5));
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2", true));

    // Suspected at triage, 5 minutes after the report: the deadline is 72 hours from then.
    Date due = at(Duration.ofMinutes(5).plusHours(72));
    assertThat(incident).isWaitingAt(IncidentResponse.LEGAL_REVIEW_CALL).variables()
        .containsEntry(ProcessVariables.BREACH_SUSPECTED_AT, at(Duration.ofMinutes(5)))
        .containsEntry(ProcessVariables.LEGAL_REVIEW_DUE, due);
    Assertions.assertThat(legalReviews(incident)).hasSize(1);
    Task review = legalTask(incident, LegalReview.LEGAL_REVIEW);
    Assertions.assertThat(review.getDueDate()).as("Legal's task is due at the regulatory deadline").isEqualTo(due);
    Assertions.assertThat(mailsTo("legal@runbook.local", incident)).singleElement().asString()
        .contains("A data breach is suspected.");

    // Reminders at 24 h and 12 h left, to Legal.
    Job first = support.timer(incident, IncidentResponse.LEGAL_FIRST_REMINDER);
    Assertions.assertThat(first.getDuedate()).isEqualTo(at(Duration.ofMinutes(5).plusHours(48)));
    support.fire(first);
    Job second = support.timer(incident, IncidentResponse.LEGAL_SECOND_REMINDER);
    Assertions.assertThat(second.getDuedate()).isEqualTo(at(Duration.ofMinutes(5).plusHours(60)));
    support.fire(second);
    List<String> toLegal = mailsTo("legal@runbook.local", incident);
    Assertions.assertThat(toLegal).hasSize(3);
    Assertions.assertThat(toLegal.get(1)).contains("legal deadline in 24 hours", "review is due Thu 5 Mar 2026 10:05 UTC");
    Assertions.assertThat(toLegal.get(2)).contains("legal deadline in 12 hours");

    // 6 hours left: the CTO (top of the escalation path) is told; Legal's review goes on.
    Job near = support.timer(incident, IncidentResponse.LEGAL_CTO_ESCALATION);
    Assertions.assertThat(near.getDuedate()).isEqualTo(at(Duration.ofMinutes(5).plusHours(66)));
    support.fire(near);
    Assertions.assertThat(mailsTo("cto@runbook.local", incident)).singleElement().asString()
        .contains("legal deadline in 6 hours, escalated to CTO", "top of the escalation path");
    assertThat(incident).isWaitingAt(IncidentResponse.LEGAL_REVIEW_CALL);
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).filteredOn(e -> "deadline".equals(e.kind()))
        .extracting(EscalationLog.Event::role).containsExactly("Legal/Compliance", "Legal/Compliance", "CTO");

    // Legal's decision ends the reminders: nothing fires any more.
    complete(review, withVariables(ProcessVariables.BREACH_CONFIRMED, "ruled-out", "notificationObligations", "None"));
    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(incident.getId()).timers()
        .activityId(IncidentResponse.LEGAL_CTO_ESCALATION).count()).isZero();
    assertThat(incident).hasPassed(IncidentResponse.RECORD_LEGAL_SIGN_OFF).variables()
        .containsKey(ProcessVariables.LEGAL_SIGN_OFF_AT);
  }

  @Test
  void aBreachThrownLaterReachesLegalOnceFromThatMoment() {
    ProcessInstance incident = support.raise("SEV-3");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-3", false));
    Assertions.assertThat(legalReviews(incident)).isEmpty();

    // Two hours later re-triage raises the breach flag and throws legal-review-required, twice.
    moveClock(Duration.ofHours(2));
    throwEscalation(incident, IncidentResponse.LEGAL_REVIEW_REQUIRED_END);
    moveClock(Duration.ofHours(3));
    throwEscalation(incident, IncidentResponse.LEGAL_REVIEW_REQUIRED_END);
    engine.getRuntimeService().setVariable(incident.getId(), ProcessVariables.DATA_BREACH_SUSPECTED, true);

    Assertions.assertThat(legalReviews(incident)).hasSize(1);
    assertThat(incident).hasPassed(IncidentResponse.LEGAL_REVIEW_ALREADY_REQUESTED).variables()
        .containsEntry(ProcessVariables.BREACH_SUSPECTED_AT, at(Duration.ofHours(2)))
        .containsEntry(ProcessVariables.LEGAL_REVIEW_DUE, at(Duration.ofHours(74)));
    Assertions.assertThat(support.timer(incident, IncidentResponse.LEGAL_FIRST_REMINDER).getDuedate()).isEqualTo(at(Duration.ofHours(50)));

    // After Legal finished, another throw still starts nothing.
    complete(legalTask(incident, LegalReview.LEGAL_REVIEW), withVariables(ProcessVariables.BREACH_CONFIRMED, "ruled-out",
        "notificationObligations", "None"));
    throwEscalation(incident, IncidentResponse.LEGAL_REVIEW_REQUIRED_END);
    Assertions.assertThat(legalReviewsEver(incident)).isEqualTo(1);
  }

  @Test
  void securityThrownTwiceStartsOneReview() {
    ProcessInstance incident = support.raise("SEV-3");
    Map<String, Object> triaged = triage("SEV-3", false);
    triaged.put(ProcessVariables.SECURITY_RELATED, true);
    complete(task(IncidentResponse.TRIAGE, incident), triaged);
    throwEscalation(incident, IncidentResponse.SECURITY_REVIEW_REQUIRED_END);

    Assertions.assertThat(engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(incident.getId())
        .processDefinitionKey(SecurityReview.PROCESS_KEY).count()).isEqualTo(1);
    assertThat(incident).hasPassed(IncidentResponse.SECURITY_REVIEW_ALREADY_REQUESTED);
  }

  @Test
  void aBreachSuspectedAtTheReportReachesLegalBeforeTriage() {
    Map<String, Object> report = EscalationTestSupport.alert("SEV-2");
    report.put(ProcessVariables.SOURCE, "user-report");
    report.put(ProcessVariables.DATA_BREACH_SUSPECTED, true);
    ProcessInstance incident = engine.getRuntimeService().startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);

    // Nobody has triaged yet, and Legal already has its review, due 72 hours after the report.
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.LEGAL_REVIEW_CALL).variables()
        .containsEntry(ProcessVariables.BREACH_SUSPECTED_AT, at(Duration.ZERO))
        .containsEntry(ProcessVariables.LEGAL_REVIEW_DUE, at(Duration.ofHours(72)));

    // Triage keeps the flag: routing throws again, nothing new starts.
    moveClock(Duration.ofMinutes(10));
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2", true));
    Assertions.assertThat(legalReviewsEver(incident)).isEqualTo(1);
    assertThat(incident).variables().containsEntry(ProcessVariables.LEGAL_REVIEW_DUE, at(Duration.ofHours(72)));
  }

  @Test
  void closingWaitsForLegalOnAConfirmedBreachAndSaysWhy() throws Exception {
    ProcessInstance incident = support.raise("SEV-3");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-3", true));
    complete(legalTask(incident, LegalReview.LEGAL_REVIEW), withVariables(ProcessVariables.BREACH_CONFIRMED, "confirmed",
        "notificationObligations", "Notify the supervisory authority", ProcessVariables.AUTHORITY_NOTIFIED_AT, ""));
    Assertions.assertThat(legalTask(incident, LegalReview.LEGAL_SIGN_OFF)).as("Legal's sign-off task").isNotNull();

    driveToVerified(incident);

    // The ticket is not closed: a task says why, and Legal is asked to sign off.
    assertThat(incident).isWaitingAt(IncidentResponse.AWAIT_LEGAL_SIGN_OFF).hasNotPassed(IncidentResponse.CLOSE_INCIDENT);
    Task waiting = task(IncidentResponse.AWAIT_LEGAL_SIGN_OFF, incident);
    Assertions.assertThat(waiting.getName()).endsWith("Close incident: waiting for Legal's sign-off");
    Assertions.assertThat(engine.getFormService().getDeployedTaskForm(waiting.getId()))
        .asString(java.nio.charset.StandardCharsets.UTF_8).contains("Legal has not signed off yet");
    Assertions.assertThat(mailsTo("legal@runbook.local", incident)).last().asString()
        .contains("closing waits for Legal/Compliance's sign-off");

    // Completing it by hand closes nothing: it reminds Legal and opens again.
    complete(waiting);
    assertThat(incident).isWaitingAt(IncidentResponse.AWAIT_LEGAL_SIGN_OFF).hasNotPassed(IncidentResponse.CLOSE_INCIDENT);
    Assertions.assertThat(log.forIncident(incident.getBusinessKey())).filteredOn(e -> e.note().startsWith("closing waits")).hasSize(2);

    // Legal signs off: the ticket closes by itself.
    complete(legalTask(incident, LegalReview.LEGAL_SIGN_OFF), withVariables(ProcessVariables.BREACH_CONFIRMED, "confirmed",
        "notificationObligations", "Authority notified", ProcessVariables.AUTHORITY_NOTIFIED_AT, "2026-03-03 09:00 UTC, DPA",
        ProcessVariables.CLOSING_SIGNED_OFF, true));
    assertThat(incident).hasPassed(IncidentResponse.LEGAL_SIGNED_OFF, IncidentResponse.CLOSE_INCIDENT)
        .hasPassed(IncidentResponse.INCIDENT_LOG_CLOSED).isEnded();
  }

  @Test
  void closingWaitsOnAnUnclearBreachAndProceedsOnOneRuledOut() {
    ProcessInstance unclear = support.raise("SEV-3");
    complete(task(IncidentResponse.TRIAGE, unclear), triage("SEV-3", true));
    complete(legalTask(unclear, LegalReview.LEGAL_REVIEW), withVariables(ProcessVariables.BREACH_CONFIRMED, "unclear",
        "notificationObligations", "To be determined"));
    driveToVerified(unclear);
    assertThat(unclear).isWaitingAt(IncidentResponse.AWAIT_LEGAL_SIGN_OFF).hasNotPassed(IncidentResponse.CLOSE_INCIDENT);

    ProcessInstance ruledOut = support.raise("SEV-3");
    complete(task(IncidentResponse.TRIAGE, ruledOut), triage("SEV-3", true));
    complete(legalTask(ruledOut, LegalReview.LEGAL_REVIEW), withVariables(ProcessVariables.BREACH_CONFIRMED, "ruled-out",
        "notificationObligations", "None: no personal data involved"));
    driveToVerified(ruledOut);
    assertThat(ruledOut).hasPassed(IncidentResponse.CLOSE_INCIDENT).hasNotPassed(IncidentResponse.AWAIT_LEGAL_SIGN_OFF).isEnded();

    // Nothing of Legal's review is mapped back: the incident only learns when Legal finished.
    Assertions.assertThat(engine.getRuntimeService().getVariables(unclear.getId()))
        .doesNotContainKeys(ProcessVariables.BREACH_CONFIRMED, "notificationObligations", ProcessVariables.AUTHORITY_NOTIFIED_AT);
    Assertions.assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(ruledOut.getId())
        .variableName(ProcessVariables.BREACH_CONFIRMED).count()).isZero();
  }

  /** Re-triage's throw event: an escalation thrown in the incident's process scope. */
  private void throwEscalation(ProcessInstance incident, String throwingEndEvent) {
    engine.getRuntimeService().createProcessInstanceModification(incident.getId()).startBeforeActivity(throwingEndEvent).execute();
  }

  /** SEV-3 without a team: investigation, mitigation, root cause, fix and verification. */
  private void driveToVerified(ProcessInstance incident) {
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), withVariables("recentChangesReviewed", true, "dashboardsChecked", true,
        "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Export ignores the tenant filter"));
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), withVariables("mitigationAction", "quick-fix", "fixImplemented", true,
        "mitigationNotes", "Export disabled"));
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), withVariables("confirmedRootCause", "Tenant filter", "rootCauseConfirmed", true));
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), withVariables("permanentFix", "Filter by tenant", "fixReference", "PR-7",
        "fixDeployedThroughNormalProcess", true));
    complete(task(IncidentResponse.VERIFY_FIX, incident), withVariables("fixVerifiedInProduction", true, "verificationNotes", "OK",
        "postMortemRequested", false, "closeTicket", true));
  }
}
