package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.audit.IncidentRecords;
import io.runbook.audit.IncidentTimeline;
import io.runbook.audit.TimelineEvent;
import io.runbook.communication.NotificationOutbox;
import io.runbook.escalation.EscalationLog;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Re-triage ("Re-assess severity") on the real model with the job executor off: the incident behaves
 * from the change as if triage had decided the new values. Demo users: lead (team-leads),
 * responder (responders), manager, comms.
 */
@EngineTest
class RetriageProcessTest {

  static final Instant T0 = Instant.parse("2026-04-06T09:00:00Z");

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired IdentityService identity;
  @Autowired NotificationOutbox outbox;
  @Autowired EscalationLog escalations;
  @Autowired IncidentRecords records;
  @Autowired IncidentTimeline timeline;

  @BeforeEach
  void setUp() {
    init(engine);
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  @AfterEach
  void tearDown() {
    identity.clearAuthentication();
    ClockUtil.reset();
  }

  static Date at(Duration afterT0) {
    return Date.from(T0.plus(afterT0));
  }

  private ProcessInstance triagedAs(String severity) {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report("Checkout is failing", severity));
    complete(task(IncidentResponse.TRIAGE, incident), triage(severity));
    return incident;
  }

  private static Map<String, Object> retriage(String severity, boolean securityRelated, boolean dataBreach, String why) {
    Map<String, Object> values = new HashMap<>();
    values.put(ProcessVariables.SEVERITY, severity);
    values.put(ProcessVariables.SECURITY_RELATED, securityRelated);
    values.put(ProcessVariables.DATA_BREACH_SUSPECTED, dataBreach);
    values.put(ProcessVariables.SEVERITY_CHANGE_REASON, why);
    return values;
  }

  private void retriageAs(String user, List<String> groups, ProcessInstance incident, Map<String, Object> values) {
    Task task = task(IncidentResponse.REASSESS_SEVERITY, incident);
    identity.setAuthentication(user, groups);
    try {
      taskService().complete(task.getId(), values);
    } finally {
      identity.clearAuthentication();
    }
  }

  private Job resolutionTimer(ProcessInstance incident) {
    return managementService().createJobQuery().processInstanceId(incident.getId()).timers()
        .activityId(IncidentResponse.RESOLUTION_OVERDUE).singleResult();
  }

  private List<String> roles(ProcessInstance incident) {
    return outbox.forIncident(incident.getBusinessKey(), 1000).stream().map(NotificationOutbox.Row::role).toList();
  }

  @Test
  void aSev3RaisedToSev1MidInvestigationBehavesLikeASev1FromThatMoment() {
    ProcessInstance incident = triagedAs("SEV-3");
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION, IncidentResponse.REASSESS_SEVERITY)
        .hasNotPassed(IncidentResponse.ASSEMBLE_TEAM).variables().containsEntry(ProcessVariables.POST_MORTEM_REQUIRED, false);
    // No commander yet: the team leads hold the standing re-triage task.
    assertThat(task(IncidentResponse.REASSESS_SEVERITY, incident)).hasCandidateGroup("team-leads").isNotAssigned()
        .hasName("SEV-3 \u00b7 Re-assess severity");
    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofDays(3)));
    int toldBefore = roles(incident).size();

    // Two hours into the investigation, the team lead finds customer data exposed.
    ClockUtil.setCurrentTime(at(Duration.ofHours(2)));
    retriageAs("lead", List.of("team-leads", "responders"), incident,
        retriage("SEV-1", false, false, "Checkout leaks card numbers to other customers"));

    // Team assembly (there is no team yet), status updates requested, post-mortem now required.
    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE,
            IncidentResponse.REASSESS_SEVERITY)
        .hasPassed(IncidentResponse.APPLY_RETRIAGE, IncidentResponse.RETRIAGE_THROW_STATUS_UPDATES)
        .hasNotPassed(IncidentResponse.RETRIAGE_THROW_SECURITY_REVIEW, IncidentResponse.RETRIAGE_THROW_LEGAL_REVIEW)
        .variables().containsEntry(ProcessVariables.SEVERITY, "SEV-1").containsEntry(ProcessVariables.RESPONSE_TEAM_REQUIRED, true)
        .containsEntry(ProcessVariables.POST_MORTEM_REQUIRED, true).containsEntry(ProcessVariables.RESPONSE_TIME, "PT15M")
        .containsEntry(ProcessVariables.SEVERITY_CHANGED_BY, "lead");
    assertThat(task(IncidentResponse.ASSEMBLE_TEAM_ON_RAISE, incident)).hasCandidateGroup("team-leads")
        .hasName("SEV-1 \u00b7 Assemble response team");
    // Every open task shows the new severity in Tasklist.
    assertThat(task(IncidentResponse.INVESTIGATION, incident)).hasName("SEV-1 \u00b7 Investigate");
    assertThat(task(IncidentResponse.REASSESS_SEVERITY, incident)).hasName("SEV-1 \u00b7 Re-assess severity");

    // The resolution clock restarts from the change for SEV-1 (4 hours), at level 0.
    Job timer = resolutionTimer(incident);
    Assertions.assertThat(timer.getDuedate()).isEqualTo(at(Duration.ofHours(6)));
    assertThat(incident).hasPassed(IncidentResponse.RESOLUTION_CLOCK_RESTARTED);

    // SEV-1's escalation is "Immediate": the Team Lead hears of the raise at once.
    Assertions.assertThat(roles(incident).subList(toldBefore, roles(incident).size())).contains("Team Lead");
    Assertions.assertThat(escalations.forIncident(incident.getBusinessKey()))
        .filteredOn(e -> e.kind().equals(EscalationLog.Kind.RETRIAGE.id())).singleElement()
        .satisfies(e -> Assertions.assertThat(e.note()).contains("re-triage by lead", "SEV-3 \u2192 SEV-1",
            "Checkout leaks card numbers to other customers"));

    // The incident's history says who changed what and why.
    List<TimelineEvent> events = timeline.of(records.withoutReviews(incident.getId())).events();
    Assertions.assertThat(events).filteredOn(e -> e.type().equals(TimelineEvent.SEVERITY_CHANGED)).last()
        .satisfies(e -> {
          Assertions.assertThat(e.summary())
              .isEqualTo("Severity changed from SEV-3 to SEV-1 by lead: Checkout leaks card numbers to other customers");
          Assertions.assertThat(e.actor()).isEqualTo("lead");
        });

    // The team is assembled: the re-triage task moves to the new Incident Commander.
    complete(task(IncidentResponse.ASSEMBLE_TEAM_ON_RAISE, incident), team("manager", "responder", "comms", "lead"));
    assertThat(incident).hasPassed(IncidentResponse.TEAM_ASSEMBLED_ON_RAISE, IncidentResponse.REASSESS_COMMANDER_NAMED);
    assertThat(task(IncidentResponse.REASSESS_SEVERITY, incident)).isAssignedTo("manager");

    // Four hours after the change the SEV-1 resolution target passes: the path starts at the Team Lead.
    int toldBeforeBreach = roles(incident).size();
    ClockUtil.setCurrentTime(timer.getDuedate());
    managementService().executeJob(timer.getId());
    Assertions.assertThat(roles(incident).subList(toldBeforeBreach, roles(incident).size())).contains("Team Lead");
    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofHours(6).plusMinutes(10)));
  }

  @Test
  void aRaiseNeverMovesTheResolutionDeadlineLater() {
    ProcessInstance incident = triagedAs("SEV-2");
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofHours(8)));

    // Seven hours in, SEV-2 becomes SEV-1: four hours from now would be later than the SEV-2 deadline.
    ClockUtil.setCurrentTime(at(Duration.ofHours(7)));
    retriageAs("lead", List.of("team-leads"), incident, retriage("SEV-1", false, false, "Spreads to the EU region"));

    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofHours(8)));
    // The team exists and status updates already run for a SEV-2: nothing new is started.
    assertThat(incident).hasNotPassed(IncidentResponse.RETRIAGE_THROW_STATUS_UPDATES);
    Assertions.assertThat(taskService().createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.ASSEMBLE_TEAM_ON_RAISE).count()).isZero();
  }

  @Test
  void loweringCancelsNothingAndTellsTheIncidentCommanderWhatContinues() {
    ProcessInstance incident = triagedAs("SEV-1");
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    assertThat(task(IncidentResponse.REASSESS_SEVERITY, incident)).isAssignedTo("lead");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(40)));

    retriageAs("lead", List.of("team-leads"), incident, retriage("SEV-3", false, false, "Only the admin export is affected"));

    // The status page task and the team stay; the post-mortem stays required.
    assertThat(incident).isWaitingAt(IncidentResponse.STATUS_PAGE_UPDATE, IncidentResponse.REASSESS_SEVERITY)
        .variables().containsEntry(ProcessVariables.SEVERITY, "SEV-3").containsEntry(ProcessVariables.POST_MORTEM_REQUIRED, true)
        .containsEntry(ProcessVariables.RESPONSE_TEAM_REQUIRED, false).containsEntry(ProcessVariables.INCIDENT_COMMANDER, "lead");
    assertThat(task(IncidentResponse.STATUS_PAGE_UPDATE, incident)).hasName("SEV-3 \u00b7 Post status update");
    // The resolution clock now runs for SEV-3 (3 days) from the change.
    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofDays(3).plusMinutes(40)));
    // The Incident Commander is told what continues.
    NotificationOutbox.Row notice = outbox.forIncident(incident.getBusinessKey(), 1000).stream()
        .filter(row -> row.role().equals("Incident Commander @lead")).reduce((a, b) -> b).orElseThrow();
    Assertions.assertThat(notice.subject()).contains("lowered from SEV-1 to SEV-3");
    Assertions.assertThat(notice.body()).contains("Only the admin export is affected", "Nothing already started is cancelled",
        "the response team and its roles stay as they are", "status page updates go on",
        "the post-mortem stays required (it was required for SEV-1)", "The resolution clock now runs for SEV-3");
  }

  @Test
  void theStakeholdersHearOfEveryChangeOfSeverityAndThoseOfTheHighestKeepHearing() {
    // SEV-3 has no stakeholders: nobody outside the team heard of it at triage.
    ProcessInstance incident = triagedAs("SEV-3");
    Assertions.assertThat(stakeholderRows(incident)).isEmpty();

    retriageAs("lead", List.of("team-leads"), incident, retriage("SEV-1", false, false, "Every checkout fails"));

    // The raise reaches SEV-1's stakeholders (demo: stakeholders@ and cto@), as triage as SEV-1 would have.
    NotificationOutbox.Row raised = stakeholderRows(incident).stream()
        .filter(row -> row.channel() == io.runbook.communication.Channel.EMAIL).reduce((a, b) -> b).orElseThrow();
    Assertions.assertThat(raised.role()).isEqualTo("Stakeholders (SEV-1)");
    Assertions.assertThat(raised.recipients()).containsExactly("stakeholders@runbook.local", "cto@runbook.local");
    Assertions.assertThat(raised.subject()).contains("raised to SEV-1");
    Assertions.assertThat(raised.body()).contains("raised from SEV-3 to SEV-1 by lead", "Every checkout fails");

    complete(task(IncidentResponse.ASSEMBLE_TEAM_ON_RAISE, incident), team("lead", "responder", "comms", "manager"));
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(30)));
    retriageAs("lead", List.of("team-leads"), incident, retriage("SEV-3", false, false, "Only one payment provider"));

    // Lowered: SEV-3 has no list, but those told of the SEV-1 hear that it was lowered ...
    List<NotificationOutbox.Row> rows = stakeholderRows(incident);
    Assertions.assertThat(rows.get(rows.size() - 1).subject()).contains("lowered to SEV-3");
    Assertions.assertThat(rows.get(rows.size() - 1).body()).contains("lowered from SEV-1 to SEV-3 by lead",
        "Only one payment provider");
    assertThat(incident).variables().containsEntry(ProcessVariables.PEAK_SEVERITY, "SEV-1");

    // ... and keep reading the status page updates (and later the closure notice and post-mortem).
    int before = rows.size();
    Map<String, Object> update = new HashMap<>();
    update.put(ProcessVariables.STATUS_PAGE_STATUS, "Identified");
    update.put(ProcessVariables.STATUS_ISSUE, "failed payments with one provider");
    update.put(ProcessVariables.STATUS_IMPACT, "Some customers cannot pay by card");
    update.put(ProcessVariables.STATUS_NEXT_UPDATE_MINUTES, 60L);
    complete(task(IncidentResponse.STATUS_PAGE_UPDATE, incident), update);
    Assertions.assertThat(stakeholderRows(incident).subList(before, stakeholderRows(incident).size()))
        .isNotEmpty().allSatisfy(row -> {
          Assertions.assertThat(row.role()).isEqualTo("Stakeholders (SEV-1)");
          Assertions.assertThat(row.subject()).contains("status page updated: Identified");
        });
  }

  private List<NotificationOutbox.Row> stakeholderRows(ProcessInstance incident) {
    return outbox.forIncident(incident.getBusinessKey(), 1000).stream()
        .filter(row -> row.role().startsWith("Stakeholders")).toList();
  }

  @Test
  void flagsSetLaterBringInSecurityAndLegal() {
    ProcessInstance incident = triagedAs("SEV-3");

    retriageAs("lead", List.of("team-leads"), incident, retriage("SEV-3", true, true, "The logs show an attacker's session"));

    assertThat(incident).hasPassed(IncidentResponse.RETRIAGE_THROW_SECURITY_REVIEW, IncidentResponse.RETRIAGE_THROW_LEGAL_REVIEW)
        .hasNotPassed(IncidentResponse.RETRIAGE_THROW_STATUS_UPDATES)
        .variables().containsEntry(ProcessVariables.SECURITY_RELATED, true).containsEntry(ProcessVariables.DATA_BREACH_SUSPECTED, true);
    // Unchanged severity: the resolution clock is left alone.
    Assertions.assertThat(resolutionTimer(incident).getDuedate()).isEqualTo(at(Duration.ofDays(3)));
  }

  @Test
  void onlyTheIncidentCommanderOrWithoutOneATeamLeadReTriagesWithAReasonAndAChange() {
    ProcessInstance incident = triagedAs("SEV-3");
    String reassess = task(IncidentResponse.REASSESS_SEVERITY, incident).getId();

    // A responder is not offered the task at all.
    identity.setAuthentication("responder", List.of("responders"));
    assertThatThrownBy(() -> taskService().complete(reassess, retriage("SEV-1", false, false, "looks bad")))
        .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class);
    identity.clearAuthentication();
    // An administrator reaches every task, but is neither commander nor team lead.
    identity.setAuthentication("admin", List.of("camunda-admin"));
    assertThatThrownBy(() -> taskService().complete(reassess, retriage("SEV-1", false, false, "looks bad")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("only the Incident Commander, or with none assigned a member of team-leads, may re-assess");
    identity.clearAuthentication();
    // A reason is required, and a re-triage changes something.
    identity.setAuthentication("lead", List.of("team-leads"));
    assertThatThrownBy(() -> taskService().complete(reassess, retriage("SEV-3", false, false, "still minor")))
        .isInstanceOf(FormFieldValidationException.class).hasMessageContaining("nothing changed");
    identity.clearAuthentication();
    assertThat(incident).isWaitingAt(IncidentResponse.REASSESS_SEVERITY).hasNotPassed(IncidentResponse.APPLY_RETRIAGE)
        .variables().containsEntry(ProcessVariables.SEVERITY, "SEV-3");
  }

  @Test
  void reTriageEndsWhenTheIncidentIsClosed() {
    ProcessInstance incident = triagedAs("SEV-4");
    assertThat(incident).isWaitingAt(IncidentResponse.REASSESS_SEVERITY);

    runtime.setVariable(incident.getId(), ProcessVariables.CLOSED_AT, Date.from(T0.plus(Duration.ofHours(1))));

    assertThat(incident).hasPassed(IncidentResponse.REASSESS_CLOSED, IncidentResponse.REASSESS_ENDED)
        .isNotWaitingAt(IncidentResponse.REASSESS_SEVERITY);
  }
}
