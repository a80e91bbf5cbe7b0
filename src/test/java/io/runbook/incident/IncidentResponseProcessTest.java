package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.*;
import static io.runbook.incident.IncidentProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @BeforeEach
  void bindAssertions() {
    init(engine);
  }

  private ProcessInstance reportIncident(String severity) {
    return runtime.startProcessInstanceByKey(PROCESS_KEY, report("Checkout is failing", severity));
  }

  /** Investigation starts with the asynchronous "Gather recent changes" (the demo script). */
  private void gatherRecentChanges(ProcessInstance incident) {
    execute(job(GATHER_RECENT_CHANGES, incident));
  }

  /**
   * Mitigation by quick fix: the health check (demo script) passes, and the monitoring window ends
   * without recurrence (its timer fired by hand).
   */
  private ProcessInstance mitigateWithQuickFix(ProcessInstance incident) {
    ProcessInstance mitigation = calledProcessInstance(MITIGATION_PROCESS_KEY, incident);
    complete(task(MITIGATE, mitigation), quickFix());
    execute(job(VERIFY_HEALTH, mitigation));
    assertThat(mitigation).isWaitingAt(MONITORING);
    execute(job(MONITORING_WINDOW_TIMER, mitigation));
    return mitigation;
  }

  @Test
  void sev1GoesThroughAllSevenPhasesWithTeamAndPostMortem() {
    ProcessInstance incident = reportIncident("SEV-1");

    // Detection and triage: the incident has a human-readable id and waits for a responder.
    assertThat(incident).isWaitingAt(TRIAGE).hasPassed(START_REPORTED, REGISTER_INCIDENT);
    Assertions.assertThat(incident.getBusinessKey()).matches("INC-\\d{4}-\\d{4}");
    assertThat(incident).variables().containsEntry(Var.INCIDENT_ID, incident.getBusinessKey())
        .containsEntry(Var.SOURCE, "user-report");
    assertThat(task(TRIAGE, incident)).hasCandidateGroup("responders").hasName("Acknowledge and assess severity");
    assertThat(incident).variables().extractingByKey(Var.INITIAL_NOTIFICATION).asString()
        .contains("INCIDENT: Checkout is failing", "Severity: SEV-1", "Channel: #incident-" + incident.getBusinessKey().toLowerCase());
    complete(task(TRIAGE, incident), triage("SEV-1"));
    assertThat(incident).variables().extractingByKey(Var.INITIAL_NOTIFICATION).asString()
        .contains("Affected: checkout-api / all EU customers");

    // Response team assembly (SEV-1/SEV-2 only).
    assertThat(incident).isWaitingAt(ASSEMBLE_TEAM).variables()
        .containsEntry(Var.RESPONSE_TIME, "PT15M").containsEntry(Var.POST_MORTEM_REQUIRED, true);
    complete(task(ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));

    // The chosen people own their tasks; communications starts the status page.
    assertThat(incident).isWaitingAt(GATHER_RECENT_CHANGES, STATUS_PAGE_UPDATE);
    gatherRecentChanges(incident);
    assertThat(incident).isWaitingAt(INVESTIGATION, STATUS_PAGE_UPDATE);
    assertThat(task(STATUS_PAGE_UPDATE, incident)).isAssignedTo("comms");
    complete(task(STATUS_PAGE_UPDATE, incident), statusUpdate());
    assertThat(incident).variables().extractingByKey("statusPageMessage").asString()
        .startsWith("Investigating\n\nWe are currently investigating failed payments at checkout.")
        .contains("Next update in 30 minutes.");

    assertThat(task(INVESTIGATION, incident)).isAssignedTo("responder");
    complete(task(INVESTIGATION, incident), investigation());

    // Mitigation loops until service restoration is verified (by the health check) and holds.
    assertThat(incident).isWaitingAt(MITIGATION);
    ProcessInstance mitigation = calledProcessInstance(MITIGATION_PROCESS_KEY);
    assertThat(mitigation).hasBusinessKey(incident.getBusinessKey()).isWaitingAt(MITIGATE);
    assertThat(task(MITIGATE, mitigation)).isAssignedTo("responder");
    mitigateWithQuickFix(incident);
    assertThat(mitigation).isEnded().hasPassed(VERIFY_HEALTH, END_MITIGATED);

    // Resolution.
    assertThat(incident).isWaitingAt(CONFIRM_ROOT_CAUSE);
    complete(task(CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(VERIFY_FIX, incident), verifyFix(false));
    assertThat(incident).hasPassed(CLOSE_INCIDENT).isWaitingAt(PREPARE_POST_MORTEM);
    execute(job());

    // Post-mortem: required for SEV-1, assigned to the IC, due 48 hours after closing.
    assertThat(incident).hasPassed(CLOSE_INCIDENT, PREPARE_POST_MORTEM).isWaitingAt(POST_MORTEM);
    Task postMortem = task(POST_MORTEM, incident);
    assertThat(postMortem).isAssignedTo("lead");
    Date closedAt = (Date) runtime.getVariable(incident.getId(), Var.CLOSED_AT);
    Assertions.assertThat(postMortem.getDueDate()).isEqualTo(new Date(closedAt.getTime() + 48 * 3600 * 1000L));
    assertThat(incident).variables().extractingByKey(Var.TIMELINE).asString()
        .contains("- Report incident", "Acknowledge and assess severity done", "Investigate done (responder)",
            "Mitigate: quick fix or rollback done (responder)", "Verify fix in production done (responder)", "Close incident ticket done");
    assertThat(incident).variables().extractingByKey("pmRootCause")
        .isEqualTo("Connection pool size regression in 4.2");

    complete(postMortem, postMortem("Alert on pool saturation - responder - 2026-12-15"));
    assertThat(incident).isEnded().hasPassed(PUBLISH_POST_MORTEM, END_POST_MORTEM);
    String report = (String) historyService().createHistoricVariableInstanceQuery()
        .processInstanceId(incident.getId()).variableName(Var.POST_MORTEM_REPORT).singleResult().getValue();
    Assertions.assertThat(report).startsWith("## Incident Post-Mortem: " + incident.getBusinessKey())
        .contains("### Timeline", "- Users affected: 1200", "- Duration: 40 minutes", "- Revenue impact: $5000",
            "- Fast rollback", "- [ ] Alert on pool saturation - responder - 2026-12-15", "### Lessons Learned");
  }

  @Test
  void acknowledgementFromOutsideStopsWaitingButTriageGoesOn() {
    ProcessInstance incident = reportIncident("SEV-2");
    assertThat(incident).isWaitingAt(TRIAGE, AWAIT_ACKNOWLEDGEMENT);

    runtime.createMessageCorrelation(MESSAGE_INCIDENT_ACKNOWLEDGED)
        .processInstanceBusinessKey(incident.getBusinessKey())
        .setVariable(Var.ACKNOWLEDGED, true)
        .setVariable(Var.ACKNOWLEDGED_BY, "pagerduty-user")
        .correlate();

    assertThat(incident).isWaitingAt(TRIAGE).hasPassed(ACKNOWLEDGED)
        .variables().containsEntry(Var.ACKNOWLEDGED, true);
    complete(task(TRIAGE, incident), triage("SEV-2"));
    assertThat(incident).isWaitingAt(ASSEMBLE_TEAM);
  }

  @Test
  void completingTriageEndsTheWaitForAcknowledgement() {
    ProcessInstance incident = reportIncident("SEV-3");
    complete(task(TRIAGE, incident), triage("SEV-3"));
    gatherRecentChanges(incident);
    assertThat(incident).isWaitingAt(INVESTIGATION).hasNotPassed(ACKNOWLEDGED);
    Assertions.assertThat(runtime.createEventSubscriptionQuery().processInstanceId(incident.getId())
        .eventName(MESSAGE_INCIDENT_ACKNOWLEDGED).count()).isZero();
  }

  @Test
  void sev3SkipsTeamAssemblyAndPostMortem() {
    ProcessInstance incident = reportIncident("SEV-3");
    complete(task(TRIAGE, incident), triage("SEV-3"));
    gatherRecentChanges(incident);

    assertThat(incident).isWaitingAt(INVESTIGATION).hasNotPassed(ASSEMBLE_TEAM);
    assertThat(task(INVESTIGATION, incident)).isNotAssigned().hasCandidateGroup("responders");
    complete(task(INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(VERIFY_FIX, incident), verifyFix(false));

    assertThat(incident).isEnded().hasPassed(CLOSE_INCIDENT, END_CLOSED).hasNotPassed(POST_MORTEM, STATUS_PAGE_UPDATE);
  }

  @Test
  void sev4PostMortemCanStillBeRequested() {
    ProcessInstance incident = reportIncident("SEV-4");
    complete(task(TRIAGE, incident), triage("SEV-4"));
    gatherRecentChanges(incident);
    complete(task(INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(VERIFY_FIX, incident), verifyFix(true));
    execute(job());

    assertThat(incident).isWaitingAt(POST_MORTEM);
    assertThat(task(POST_MORTEM, incident)).hasCandidateGroup("team-leads").isNotAssigned();
  }

  @Test
  void securityRelatedDataBreachBringsInSecurityAndLegal() {
    Map<String, Object> reported = report("Customer data visible to other tenants", "SEV-1");
    reported.put("securityRelated", true);
    ProcessInstance incident = runtime.startProcessInstanceByKey(PROCESS_KEY, reported);
    assertThat(task(TRIAGE, incident)).hasCandidateGroup("responders").hasCandidateGroup("security");

    Map<String, Object> triage = triage("SEV-1");
    triage.put("securityRelated", true);
    triage.put("dataBreachSuspected", true);
    complete(task(TRIAGE, incident), triage);

    // Each review runs as its own process, given only what its form shows; nothing comes back.
    assertThat(incident).isWaitingAt(SECURITY_REVIEW_CALL, LEGAL_REVIEW_CALL, ASSEMBLE_TEAM);
    ProcessInstance security = calledProcessInstance(SECURITY_REVIEW_PROCESS_KEY, incident);
    ProcessInstance legal = calledProcessInstance(LEGAL_REVIEW_PROCESS_KEY, incident);
    Assertions.assertThat(legal.getBusinessKey()).isEqualTo(incident.getBusinessKey());
    assertThat(task(SECURITY_REVIEW, security)).hasCandidateGroup("security").hasName("Security review");
    assertThat(task(LEGAL_REVIEW, legal)).hasCandidateGroup("legal").hasName("Legal / Compliance review");
    Assertions.assertThat(runtime.getVariables(legal.getId()))
        .containsOnlyKeys(Var.INCIDENT_ID, Var.TITLE, Var.DRILL)
        .containsEntry(Var.INCIDENT_ID, incident.getBusinessKey())
        .containsEntry(Var.TITLE, runtime.getVariable(incident.getId(), Var.TITLE));
    complete(task(LEGAL_REVIEW, legal), withVariables(
        "breachConfirmed", "confirmed", "notificationObligations", "Notify the regulator within 72 hours"));
    assertThat(legal).isEnded().hasPassed(LEGAL_REVIEW);
    assertThat(incident).isWaitingAt(SECURITY_REVIEW_CALL, ASSEMBLE_TEAM).hasPassed(LEGAL_REVIEW_CALL);
    assertThat(incident).variables().doesNotContainKeys("breachConfirmed", "notificationObligations");
  }

  @Test
  void triageWithoutSeverityIsRejectedNamingTheField() {
    ProcessInstance incident = reportIncident("SEV-2");
    Map<String, Object> triage = triage("SEV-2");
    triage.remove("severity");
    String taskId = task(TRIAGE, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, triage))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Severity' (severity) is required");
    assertThat(task(TRIAGE, incident)).isNotNull();
  }

  @Test
  void triageWithUnknownSeverityIsRejected() {
    ProcessInstance incident = reportIncident("SEV-2");
    String taskId = task(TRIAGE, incident).getId();
    assertThatThrownBy(() -> taskService().complete(taskId, triage("SEV-9")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("must be one of [SEV-1, SEV-2, SEV-3, SEV-4], got 'SEV-9'");
  }

  @Test
  void reportWithoutTitleIsRejected() {
    Map<String, Object> reported = report(" ", "SEV-2");
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count();
    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(PROCESS_KEY, reported))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Brief description' (title) is required");
    Assertions.assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isEqualTo(before);
  }

  @Test
  void teamMembersMustBeKnownUsers() {
    ProcessInstance incident = reportIncident("SEV-2");
    complete(task(TRIAGE, incident), triage("SEV-2"));
    String taskId = task(ASSEMBLE_TEAM, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, team("lead", "nobody-here", "comms", "manager")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("Technical Lead 'nobody-here' is not a known user");
    assertThat(incident).isWaitingAt(ASSEMBLE_TEAM);
  }

  @Test
  void postMortemActionItemsNeedOwnerAndDueDate() {
    ProcessInstance incident = reportIncident("SEV-2");
    complete(task(TRIAGE, incident), triage("SEV-2"));
    complete(task(ASSEMBLE_TEAM, incident), team("lead", "responder", "comms", "manager"));
    gatherRecentChanges(incident);
    complete(task(INVESTIGATION, incident), investigation());
    mitigateWithQuickFix(incident);
    complete(task(CONFIRM_ROOT_CAUSE, incident), confirmRootCause());
    complete(task(DEPLOY_PERMANENT_FIX, incident), deployFix());
    complete(task(VERIFY_FIX, incident), verifyFix(false));
    execute(job());
    String taskId = task(POST_MORTEM, incident).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, postMortem("Add alerting - responder")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("line 1 is not 'Action - Owner - YYYY-MM-DD'");
    assertThat(incident).isWaitingAt(POST_MORTEM);
  }

  @Test
  void incidentIdsAreSequentialWithinAYear() {
    List<String> ids = List.of(reportIncident("SEV-4").getBusinessKey(), reportIncident("SEV-4").getBusinessKey());
    int first = Integer.parseInt(ids.get(0).substring(ids.get(0).lastIndexOf('-') + 1));
    Assertions.assertThat(ids.get(1)).endsWith(String.format("-%04d", first + 1));
  }
}
