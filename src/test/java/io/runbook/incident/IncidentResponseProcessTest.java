package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import io.runbook.testing.EngineTest;
import org.assertj.core.api.Assertions;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The runbook's seven phases, path by path, on the real engine with the job executor off. */
@EngineTest
class IncidentResponseProcessTest {

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @BeforeEach
  void bindAssertions() {
    init(engine);
  }

  private ProcessInstance reportIncident(String severity) {
    return runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report("Checkout is failing", severity));
  }

  /** Investigation starts with the asynchronous "Gather recent changes" (the demo script). */
  private void gatherRecentChanges(ProcessInstance incident) {
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
  }

  /**
   * Mitigation by quick fix: the health check (demo script) passes, and the monitoring window ends
   * without recurrence (its timer fired by hand).
   */
  private ProcessInstance mitigateWithQuickFix(ProcessInstance incident) {
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.MONITORING);
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    return mitigation;
  }

  @Test
  void sev1GoesThroughAllSevenPhasesWithTeamAndPostMortem() {
    ProcessInstance incident = reportIncident("SEV-1");

    // Detection and triage: the incident has a human-readable id and waits for a responder.
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE).hasPassed(IncidentResponse.START_REPORTED, IncidentResponse.REGISTER_INCIDENT);
    Assertions.assertThat(incident.getBusinessKey()).matches("INC-\\d{4}-\\d{4}");
    assertThat(incident).variables().containsEntry(ProcessVariables.INCIDENT_ID, incident.getBusinessKey())
        .containsEntry(ProcessVariables.SOURCE, "user-report");
    assertThat(task(IncidentResponse.TRIAGE, incident)).hasCandidateGroup("responders").hasName("SEV-1 \u00b7 Acknowledge and assess severity");
    // The triage form shows the notification as it would go out now and the severity table; opening
    // the incident stored neither (the alert path writes only what it knows).
    Map<String, Object> shown = engine.getFormService().getTaskFormVariables(task(IncidentResponse.TRIAGE, incident).getId());
    Assertions.assertThat((String) shown.get(ProcessVariables.INITIAL_NOTIFICATION))
        .contains("INCIDENT: Checkout is failing", "Severity: SEV-1 (proposed, triage has not decided yet)",
            "Affected systems: not yet known", "Affected users: not yet known", "IC: not yet assigned",
            "Channel: #incident-" + incident.getBusinessKey().toLowerCase())
        .doesNotContain("[Systems/Users]", "@[name]", "[id]");
    Assertions.assertThat((String) shown.get(ProcessVariables.SEVERITY_GUIDE))
        .startsWith("SEV-1 (Critical): respond within 15 minutes").contains("SEV-4 (Low)");
    Assertions.assertThat(runtime.getVariables(incident.getId()))
        .doesNotContainKeys(ProcessVariables.INITIAL_NOTIFICATION, ProcessVariables.SEVERITY_GUIDE, ProcessVariables.REPORTED_BY);
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-1"));
    // Triage decided and named who is affected: the stored notification says so.
    assertThat(incident).variables().extractingByKey(ProcessVariables.INITIAL_NOTIFICATION).asString()
        .contains("Severity: SEV-1\n", "Affected systems: checkout-api\n", "Affected users: all EU customers\n")
        .doesNotContain("proposed");

    // Response team assembly (SEV-1/SEV-2 only).
    assertThat(incident).isWaitingAt(IncidentResponse.ASSEMBLE_TEAM).variables()
        .containsEntry(ProcessVariables.RESPONSE_TIME, "PT15M").containsEntry(ProcessVariables.POST_MORTEM_REQUIRED, true);
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));

    // The chosen people own their tasks; communications starts the status page.
    assertThat(incident).isWaitingAt(IncidentResponse.GATHER_RECENT_CHANGES, IncidentResponse.STATUS_PAGE_UPDATE);
    gatherRecentChanges(incident);
    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION, IncidentResponse.STATUS_PAGE_UPDATE);
    assertThat(task(IncidentResponse.STATUS_PAGE_UPDATE, incident)).isAssignedTo("comms");
    complete(task(IncidentResponse.STATUS_PAGE_UPDATE, incident), statusUpdate());
    Assertions.assertThat(jdbc.queryForObject("SELECT body FROM rb_status_update WHERE incident_id = ?", String.class,
            incident.getBusinessKey()))
        .startsWith("Investigating\n\nWe are currently investigating failed payments at checkout.")
        .contains("Next update in 30 minutes.");
    // The cadence waits for the promised time to ask again.
    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION, IncidentResponse.NEXT_STATUS_UPDATE_TIMER);

    assertThat(task(IncidentResponse.INVESTIGATION, incident)).isAssignedTo("responder");
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());

    // Mitigation loops until service restoration is verified (by the health check) and holds.
    assertThat(incident).isWaitingAt(IncidentResponse.MITIGATION);
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY);
    assertThat(mitigation).hasBusinessKey(incident.getBusinessKey()).isWaitingAt(IncidentMitigation.MITIGATE);
    assertThat(task(IncidentMitigation.MITIGATE, mitigation)).isAssignedTo("responder");
    mitigateWithQuickFix(incident);
    assertThat(mitigation).isEnded().hasPassed(IncidentMitigation.VERIFY_HEALTH, IncidentMitigation.END_MITIGATED);

    // Resolution.
    assertThat(incident).isWaitingAt(IncidentResponse.CONFIRM_ROOT_CAUSE);
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(false));
    assertThat(incident).hasPassed(IncidentResponse.CLOSE_INCIDENT).isWaitingAt(IncidentResponse.PREPARE_POST_MORTEM);
    execute(job());

    // Post-mortem: required for SEV-1, assigned to the IC, due 48 hours after closing.
    assertThat(incident).hasPassed(IncidentResponse.CLOSE_INCIDENT, IncidentResponse.PREPARE_POST_MORTEM).isWaitingAt(IncidentResponse.POST_MORTEM);
    Task postMortem = task(IncidentResponse.POST_MORTEM, incident);
    assertThat(postMortem).isAssignedTo("lead");
    Date closedAt = (Date) runtime.getVariable(incident.getId(), ProcessVariables.CLOSED_AT);
    Assertions.assertThat(postMortem.getDueDate()).isEqualTo(new Date(closedAt.getTime() + 48 * 3600 * 1000L));
    assertThat(incident).variables().extractingByKey(ProcessVariables.TIMELINE).asString()
        .contains(" - Incident reported: Checkout is failing", " - Triage completed",
            " - Response team assembled: IC lead, TL responder, Comms comms, Scribe manager",
            " - Mitigation chosen: quick-fix (responder)", " - Mitigated: service restored", " - Fix verified in production (responder)",
            " - Resolved: incident closed", "time to resolve ")
        .doesNotContain("Health-check interval");
    assertThat(incident).variables().extractingByKey("pmRootCause")
        .isEqualTo("Connection pool size regression in 4.2");

    complete(postMortem, postMortem("Alert on pool saturation - responder - 2026-12-15"));
    assertThat(incident).isEnded().hasPassed(IncidentResponse.PUBLISH_POST_MORTEM, IncidentResponse.END_POST_MORTEM);
    String report = (String) historyService().createHistoricVariableInstanceQuery()
        .processInstanceId(incident.getId()).variableName(ProcessVariables.POST_MORTEM_REPORT).singleResult().getValue();
    Assertions.assertThat(report).startsWith("## Incident Post-Mortem: " + incident.getBusinessKey())
        .contains("### Timeline", "- Users affected: 1200", "- Duration: 40 minutes", "- Revenue impact: $5000",
            "- Fast rollback", "- [ ] Alert on pool saturation - responder - 2026-12-15", "### Lessons Learned");
  }

  @Test
  void acknowledgementFromOutsideStopsWaitingButTriageGoesOn() {
    ProcessInstance incident = reportIncident("SEV-2");
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT);

    runtime.createMessageCorrelation(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .setVariable(ProcessVariables.ACKNOWLEDGED, true)
        .setVariable(ProcessVariables.ACKNOWLEDGED_BY, "pagerduty-user")
        .correlate();

    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE).hasPassed(IncidentResponse.ACKNOWLEDGED)
        .variables().containsEntry(ProcessVariables.ACKNOWLEDGED, true);
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2"));
    assertThat(incident).isWaitingAt(IncidentResponse.ASSEMBLE_TEAM);
  }

  @Test
  void completingTriageEndsTheWaitForAcknowledgement() {
    ProcessInstance incident = reportIncident("SEV-3");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-3"));
    gatherRecentChanges(incident);
    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION).hasNotPassed(IncidentResponse.ACKNOWLEDGED);
    Assertions.assertThat(runtime.createEventSubscriptionQuery().processInstanceId(incident.getId())
        .eventName(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED).count()).isZero();
  }

  @Test
  void sev3SkipsTeamAssemblyAndPostMortem() {
    ProcessInstance incident = reportIncident("SEV-3");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-3"));
    gatherRecentChanges(incident);

    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION).hasNotPassed(IncidentResponse.ASSEMBLE_TEAM);
    assertThat(task(IncidentResponse.INVESTIGATION, incident)).isNotAssigned().hasCandidateGroup("responders");
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(false));

    assertThat(incident).isEnded().hasPassed(IncidentResponse.CLOSE_INCIDENT, IncidentResponse.END_CLOSED).hasNotPassed(IncidentResponse.POST_MORTEM, IncidentResponse.STATUS_PAGE_UPDATE);
  }

  @Test
  void sev4PostMortemCanStillBeRequested() {
    ProcessInstance incident = reportIncident("SEV-4");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-4"));
    gatherRecentChanges(incident);
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(true));
    execute(job());

    assertThat(incident).isWaitingAt(IncidentResponse.POST_MORTEM);
    assertThat(task(IncidentResponse.POST_MORTEM, incident)).hasCandidateGroup("team-leads").isNotAssigned();
  }

  @Test
  void securityRelatedDataBreachBringsInSecurityAndLegal() {
    Map<String, Object> reported = report("Customer data visible to other tenants", "SEV-1");
    reported.put("securityRelated", true);
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, reported);
    assertThat(task(IncidentResponse.TRIAGE, incident)).hasCandidateGroup("responders").hasCandidateGroup("security");

    Map<String, Object> triage = triage("SEV-1");
    triage.put("securityRelated", true);
    triage.put("dataBreachSuspected", true);
    complete(task(IncidentResponse.TRIAGE, incident), triage);

    // Each review runs as its own process, given only what its form shows; nothing comes back.
    assertThat(incident).isWaitingAt(IncidentResponse.SECURITY_REVIEW_CALL, IncidentResponse.LEGAL_REVIEW_CALL, IncidentResponse.ASSEMBLE_TEAM);
    ProcessInstance security = calledProcessInstance(SecurityReview.PROCESS_KEY, incident);
    ProcessInstance legal = calledProcessInstance(LegalReview.PROCESS_KEY, incident);
    Assertions.assertThat(legal.getBusinessKey()).isEqualTo(incident.getBusinessKey());
    assertThat(task(SecurityReview.SECURITY_REVIEW, security)).hasCandidateGroup("security").hasName("SEV-1 \u00b7 Security review");
    assertThat(task(LegalReview.LEGAL_REVIEW, legal)).hasCandidateGroup("legal").hasName("SEV-1 \u00b7 Legal / Compliance review");
    Assertions.assertThat(runtime.getVariables(legal.getId()))
        .containsOnlyKeys(ProcessVariables.INCIDENT_ID, ProcessVariables.TITLE, ProcessVariables.DRILL)
        .containsEntry(ProcessVariables.INCIDENT_ID, incident.getBusinessKey())
        .containsEntry(ProcessVariables.TITLE, runtime.getVariable(incident.getId(), ProcessVariables.TITLE));
    complete(task(LegalReview.LEGAL_REVIEW, legal), withVariables(
        "breachConfirmed", "confirmed", "notificationObligations", "Notify the regulator within 72 hours"));
    // A confirmed breach: Legal signs off before the incident may be closed (issue 16).
    assertThat(legal).isWaitingAt(LegalReview.LEGAL_SIGN_OFF);
    complete(task(LegalReview.LEGAL_SIGN_OFF, legal), withVariables("breachConfirmed", "confirmed",
        "notificationObligations", "Regulator notified", "closingSignedOff", true));
    assertThat(legal).isEnded().hasPassed(LegalReview.LEGAL_REVIEW, LegalReview.LEGAL_SIGN_OFF);
    assertThat(incident).isWaitingAt(IncidentResponse.SECURITY_REVIEW_CALL, IncidentResponse.ASSEMBLE_TEAM).hasPassed(IncidentResponse.LEGAL_REVIEW_CALL);
    assertThat(incident).variables().doesNotContainKeys("breachConfirmed", "notificationObligations");
  }

  @Test
  void triageWithoutSeverityIsRejectedNamingTheField() {
    ProcessInstance incident = reportIncident("SEV-2");
    Map<String, Object> triage = triage("SEV-2");
    triage.remove("severity");
    String taskId = task(IncidentResponse.TRIAGE, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, triage))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Severity' (severity) is required");
    assertThat(task(IncidentResponse.TRIAGE, incident)).isNotNull();
  }

  @Test
  void triageWithUnknownSeverityIsRejected() {
    ProcessInstance incident = reportIncident("SEV-2");
    String taskId = task(IncidentResponse.TRIAGE, incident).getId();
    assertThatThrownBy(() -> taskService().complete(taskId, triage("SEV-9")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("must be one of [SEV-1, SEV-2, SEV-3, SEV-4], got 'SEV-9'");
  }

  @Test
  void reportWithoutTitleIsRejected() {
    Map<String, Object> reported = report(" ", "SEV-2");
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY).count();
    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, reported))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Brief description' (title) is required");
    Assertions.assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY).count()).isEqualTo(before);
  }

  @Test
  void teamMembersMustBeKnownUsers() {
    ProcessInstance incident = reportIncident("SEV-2");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2"));
    String taskId = task(IncidentResponse.ASSEMBLE_TEAM, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, team("lead", "nobody-here", "comms", "manager")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("Technical Lead 'nobody-here' is not a known user");
    assertThat(incident).isWaitingAt(IncidentResponse.ASSEMBLE_TEAM);
  }

  @Test
  void postMortemActionItemsNeedOwnerAndDueDate() {
    ProcessInstance incident = reportIncident("SEV-2");
    complete(task(IncidentResponse.TRIAGE, incident), triage("SEV-2"));
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    gatherRecentChanges(incident);
    complete(task(IncidentResponse.INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(IncidentResponse.VERIFY_FIX, incident), verifyFix(false));
    execute(job());
    String taskId = task(IncidentResponse.POST_MORTEM, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, postMortem("Add alerting - responder")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("line 1 is not 'Action - Owner - YYYY-MM-DD'");
    assertThat(incident).isWaitingAt(IncidentResponse.POST_MORTEM);
  }

  @Test
  void incidentIdsAreSequentialWithinAYear() {
    List<String> ids = List.of(reportIncident("SEV-4").getBusinessKey(), reportIncident("SEV-4").getBusinessKey());
    int first = Integer.parseInt(ids.get(0).substring(ids.get(0).lastIndexOf('-') + 1));
    Assertions.assertThat(ids.get(1)).endsWith(String.format("-%04d", first + 1));
  }
}
