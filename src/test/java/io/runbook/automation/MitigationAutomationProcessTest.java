package io.runbook.automation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Mitigation with real scripts: the demo scripts (demo profile) and, for services configured in
 * application-test.yml, failing, flaky and recording test scripts. Jobs and timers run by hand.
 */
@EngineTest
class MitigationAutomationProcessTest {

  static final Path MARKERS = Path.of("target/automation-test/markers");
  static final Path FLAKY_HEALTH = Path.of("target/automation-test/flaky-api-health");
  private static final AtomicInteger NUMBER = new AtomicInteger((int) (System.nanoTime() % 5000));

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired IdentityService identity;
  @Autowired AutomationSettings settings;

  @BeforeEach
  void bindAssertions() throws IOException {
    init(engine);
    Files.createDirectories(MARKERS);
  }

  @AfterEach
  void clearAuthentication() {
    identity.clearAuthentication();
    ClockUtil.reset();
  }

  private static String newIncidentId() {
    return String.format("INC-2099-%04d", NUMBER.incrementAndGet() % 10000);
  }

  private ProcessInstance startMitigation(String severity, String affectedSystems, Map<String, Object> extra) {
    String id = (String) extra.getOrDefault(ProcessVariables.INCIDENT_ID, newIncidentId());
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.INCIDENT_ID, id);
    vars.put(ProcessVariables.TITLE, "Checkout is failing");
    vars.put(ProcessVariables.SEVERITY, severity);
    vars.put(ProcessVariables.AFFECTED_SYSTEMS, affectedSystems);
    vars.put(ProcessVariables.TECHNICAL_LEAD, "responder");
    vars.put(ProcessVariables.INCIDENT_COMMANDER, "lead");
    vars.put(ProcessVariables.ROOT_CAUSE, "Release 4.2 exhausted the payment connection pool");
    vars.putAll(extra);
    return runtime.startProcessInstanceByKey(IncidentMitigation.PROCESS_KEY, id.replaceAll("[^A-Za-z0-9-]", "_"), vars);
  }

  private ProcessInstance startMitigation(String severity, String affectedSystems) {
    return startMitigation(severity, affectedSystems, Map.of());
  }

  private static Map<String, Object> quickFix() {
    return withVariables("mitigationAction", "quick-fix", "fixImplemented", true, "mitigationNotes", "Pool back to 64");
  }

  private static Map<String, Object> rollback() {
    return withVariables("mitigationAction", "rollback", "mitigationNotes", "Release 4.2 is the only change");
  }

  private Object variable(ProcessInstance pi, String name) {
    return runtime.getVariable(pi.getId(), name);
  }

  private Incident actionIncident(ProcessInstance pi) {
    return runtime.createIncidentQuery().processInstanceId(pi.getId()).incidentType(IncidentMitigation.INCIDENT_TYPE_ACTION_FAILED)
        .singleResult();
  }

  private void monitorAfterQuickFix(ProcessInstance mitigation) {
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.MONITORING);
  }

  @Test
  void sev1RollbackWaitsForTheIncidentCommandersApprovalThenRunsRollbackAndHealth() {
    ProcessInstance mitigation = startMitigation("SEV-1", "checkout-api");
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());

    // Nothing has run: the rollback waits for the Incident Commander, who sees what would run.
    assertThat(mitigation).isWaitingAt(IncidentMitigation.APPROVE_ROLLBACK);
    assertThat(task(IncidentMitigation.APPROVE_ROLLBACK, mitigation)).isAssignedTo("lead");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(IncidentMitigation.APPROVE_ROLLBACK, mitigation).getId()))
        .anySatisfy(link -> Assertions.assertThat(link.getGroupId()).isEqualTo("team-leads"));
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(mitigation.getId()).count()).isZero();
    assertThat(mitigation).hasNotPassed(IncidentMitigation.ROLLBACK).variables().doesNotContainKey("rollbackExitCode")
        .containsEntry("rollbackCommand", "bash demo/scripts/rollback.sh 'Incident response'  [service checkout-api]");

    // A responder cannot even reach the approval: it is not offered to their group.
    String approval = task(IncidentMitigation.APPROVE_ROLLBACK, mitigation).getId();
    identity.setAuthentication("responder", java.util.List.of("responders"));
    assertThatThrownBy(() -> taskService().complete(approval, withVariables(ProcessVariables.ROLLBACK_APPROVAL, "approved")))
        .isInstanceOf(AuthorizationException.class);
    // An administrator can reach every task, but only the Incident Commander decides a rollback.
    identity.setAuthentication("admin", java.util.List.of("camunda-admin"));
    assertThatThrownBy(() -> taskService().complete(approval, withVariables(ProcessVariables.ROLLBACK_APPROVAL, "approved")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("only the Incident Commander (lead) may approve or reject this rollback; 'admin' is not");
    assertThat(mitigation).isWaitingAt(IncidentMitigation.APPROVE_ROLLBACK);

    identity.setAuthenticatedUserId("lead");
    complete(task(IncidentMitigation.APPROVE_ROLLBACK, mitigation), withVariables(ProcessVariables.ROLLBACK_APPROVAL, "approved"));
    identity.clearAuthentication();
    assertThat(mitigation).isWaitingAt(IncidentMitigation.ROLLBACK).variables().containsEntry(ProcessVariables.ROLLBACK_APPROVED_BY, "lead");

    execute(job(IncidentMitigation.ROLLBACK, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.VERIFY_HEALTH).variables()
        .containsEntry("rollbackOutcome", "succeeded").containsEntry("rollbackExitCode", 0)
        .containsEntry("rollbackService", "checkout-api");
    Assertions.assertThat((String) variable(mitigation, "rollbackOutput"))
        .contains("Incident:        " + variable(mitigation, ProcessVariables.INCIDENT_ID) + " (SEV-1)")
        .contains("Rollback complete: checkout-api now runs v4.1.");
    Assertions.assertThat((Long) variable(mitigation, "rollbackDurationMs")).isNotNegative();
    FileValue log = runtime.getVariableTyped(mitigation.getId(), "rollbackLog");
    Assertions.assertThat(log.getMimeType()).isEqualTo("text/plain");

    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.MONITORING).variables().containsEntry(ProcessVariables.SERVICE_RESTORED, true)
        .containsEntry("healthOutcome", "succeeded");
    Assertions.assertThat((String) variable(mitigation, "healthOutput")).contains("checkout-api is healthy");

    // The run is in the incident's history.
    Assertions.assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(mitigation.getId())
        .variableName("rollbackOutput").singleResult().getValue()).asString().contains("Rollback complete");
  }

  @Test
  void sev3RollbackRunsWithoutApproval() {
    ProcessInstance mitigation = startMitigation("SEV-3", "checkout-api");
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());

    assertThat(mitigation).isWaitingAt(IncidentMitigation.ROLLBACK).hasNotPassed(IncidentMitigation.APPROVE_ROLLBACK);
    execute(job(IncidentMitigation.ROLLBACK, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.VERIFY_HEALTH).variables().containsEntry("rollbackExitCode", 0);
  }

  @Test
  void aRejectedRollbackNeedsAReasonAndGoesBackToTheDecisionWithoutRunning() {
    ProcessInstance mitigation = startMitigation("SEV-2", "checkout-api");
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());
    String approval = task(IncidentMitigation.APPROVE_ROLLBACK, mitigation).getId();

    assertThatThrownBy(() -> taskService().complete(approval, withVariables(ProcessVariables.ROLLBACK_APPROVAL, "rejected")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Comment' (rollbackApprovalComment) is required when the rollback is rejected");

    identity.setAuthenticatedUserId("lead");
    taskService().complete(approval, withVariables(ProcessVariables.ROLLBACK_APPROVAL, "rejected",
        ProcessVariables.ROLLBACK_APPROVAL_COMMENT, "Roll forward with the pool fix instead"));
    // Assertions query as nobody: with authorization on, 'lead' without groups would see nothing.
    identity.clearAuthentication();
    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).hasNotPassed(IncidentMitigation.ROLLBACK).variables()
        .containsEntry(ProcessVariables.ROLLBACK_REJECTED_BY, "lead").doesNotContainKey(ProcessVariables.ROLLBACK_APPROVED_BY);
  }

  @Test
  void aQuickFixMustBeImplementedBeforeTheHealthCheck() {
    ProcessInstance mitigation = startMitigation("SEV-3", "checkout-api");
    String taskId = task(IncidentMitigation.MITIGATE, mitigation).getId();
    assertThatThrownBy(() -> taskService().complete(taskId, withVariables("mitigationAction", "quick-fix")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("'Quick fix implemented' (fixImplemented) must be checked for a quick fix");
  }

  @Test
  void anAlertRetriggeredDuringTheMonitoringWindowReopensMitigation() {
    ProcessInstance mitigation = startMitigation("SEV-2", "checkout-api");
    monitorAfterQuickFix(mitigation);

    runtime.createMessageCorrelation(IncidentMitigation.MESSAGE_ALERT_RETRIGGERED)
        .processInstanceBusinessKey(mitigation.getBusinessKey()).correlateAll();

    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).hasPassed(IncidentMitigation.ALERT_RETRIGGERED).variables()
        .containsEntry(ProcessVariables.RECURRENCE, "The alert re-triggered during the monitoring window");
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(mitigation.getId()).count())
        .as("monitoring timers cancelled").isZero();
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    assertThat(mitigation).variables().doesNotContainKey(ProcessVariables.RECURRENCE);
  }

  @Test
  void withoutRecurrenceTheWindowEndsMitigationAfterHealthyPeriodicChecks() {
    ProcessInstance mitigation = startMitigation("SEV-2", "checkout-api");
    Date monitoringStarted = ClockUtil.getCurrentTime();
    monitorAfterQuickFix(mitigation);

    Job window = job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation);
    Job interval = job(IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER, mitigation);
    Assertions.assertThat(window.getDuedate())
        .isCloseTo(new Date(monitoringStarted.getTime() + settings.monitoringWindow().toMillis()), 5_000);
    Assertions.assertThat(interval.getDuedate())
        .isCloseTo(new Date(monitoringStarted.getTime() + settings.healthCheckInterval().toMillis()), 5_000);

    execute(interval);
    execute(job(IncidentMitigation.PERIODIC_HEALTH_CHECK, mitigation));
    assertThat(mitigation).isWaitingAt(IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER).hasPassed(IncidentMitigation.PERIODIC_HEALTH_CHECK);

    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    assertThat(mitigation).isEnded().hasPassed(IncidentMitigation.END_MITIGATED).hasNotPassed(IncidentMitigation.ALERT_RETRIGGERED, IncidentMitigation.MONITORING_HEALTH_FAILED);
  }

  @Test
  void aFailingPeriodicHealthCheckReopensMitigationWithItsOutput() throws IOException {
    Files.writeString(FLAKY_HEALTH, "ok");
    ProcessInstance mitigation = startMitigation("SEV-2", "flaky-api");
    monitorAfterQuickFix(mitigation);

    Files.writeString(FLAKY_HEALTH, "fail: 503 from /readyz");
    execute(job(IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER, mitigation));
    execute(job(IncidentMitigation.PERIODIC_HEALTH_CHECK, mitigation));

    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).hasPassed(IncidentMitigation.MONITORING_HEALTH_FAILED).variables()
        .containsEntry(ProcessVariables.SERVICE_RESTORED, false).containsEntry("healthExitCode", 1)
        .containsEntry(ProcessVariables.RECURRENCE, "The periodic health check failed during the monitoring window");
    Assertions.assertThat((String) variable(mitigation, "healthErrors")).contains("unhealthy: fail: 503 from /readyz");
    Assertions.assertThat(actionIncident(mitigation)).isNotNull();
    Files.writeString(FLAKY_HEALTH, "ok");
  }

  @Test
  void aFailedRollbackRaisesACamundaIncidentAndGivesTheTechnicalLeadItsOutput() {
    ProcessInstance mitigation = startMitigation("SEV-3", "broken-api");
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());
    execute(job(IncidentMitigation.ROLLBACK, mitigation)); // retry: none, so this is the last attempt

    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).hasPassed(IncidentMitigation.ROLLBACK_FAILED).variables()
        .containsEntry("rollbackOutcome", "failed").containsEntry("rollbackExitCode", 3)
        .containsEntry(ProcessVariables.LAST_ACTION_SUMMARY, variable(mitigation, "rollbackSummary"));
    Assertions.assertThat((String) variable(mitigation, "rollbackErrors")).contains("error: previous release not found");
    assertThat(task(IncidentMitigation.MITIGATE, mitigation)).isAssignedTo("responder");
    Incident incident = actionIncident(mitigation);
    Assertions.assertThat(incident.getActivityId()).isEqualTo(IncidentMitigation.MITIGATE);
    Assertions.assertThat(incident.getIncidentMessage()).startsWith("rollback failed with exit code 3 after");
    Assertions.assertThat(incident.getConfiguration()).isEqualTo("rollback");

    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    Assertions.assertThat(actionIncident(mitigation)).isNull();
    HistoricIncident history = historyService().createHistoricIncidentQuery().incidentId(incident.getId()).singleResult();
    Assertions.assertThat(history.isResolved()).isTrue();
  }

  @Test
  void healthIsRetriedAsConfiguredBeforeTheServiceCountsAsNotRestored() {
    ProcessInstance mitigation = startMitigation("SEV-3", "broken-api");
    complete(task(IncidentMitigation.MITIGATE, mitigation), quickFix());
    String jobId = job(IncidentMitigation.VERIFY_HEALTH, mitigation).getId();

    for (int attempt = 1; attempt <= 2; attempt++) {
      Date now = ClockUtil.getCurrentTime();
      assertThatThrownBy(() -> managementService().executeJob(jobId))
          .hasMessageContaining("health failed with exit code 1")
          .hasMessageContaining("(attempt " + attempt + " of 3); retrying as configured (R3/PT10S)")
          .hasMessageContaining("stderr: error: previous release not found");
      Job retried = managementService().createJobQuery().jobId(jobId).singleResult();
      Assertions.assertThat(retried.getRetries()).isEqualTo(3 - attempt);
      Assertions.assertThat(retried.getDuedate()).isCloseTo(new Date(now.getTime() + 10_000), 2_000);
      assertThat(mitigation).isWaitingAt(IncidentMitigation.VERIFY_HEALTH);
    }
    managementService().executeJob(jobId);

    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).hasPassed(IncidentMitigation.VERIFY_HEALTH_FAILED).variables()
        .containsEntry("healthAttempts", "3 of 3").containsEntry(ProcessVariables.SERVICE_RESTORED, false);
    Assertions.assertThat(actionIncident(mitigation).getIncidentMessage())
        .startsWith("health failed with exit code 1 after").contains("(attempt 3 of 3)");
  }

  @Test
  void incidentTextNeverBecomesPartOfACommand() {
    String marker = "/tmp/runbook-injected-" + UUID.randomUUID();
    String injection = "$(touch " + marker + "-a) `touch " + marker + "-b`; touch " + marker + "-c\n"
        + "touch " + marker + "-d ' \" && touch " + marker + "-e";
    ProcessInstance mitigation = startMitigation("SEV-3", "recording-api, " + injection,
        Map.of(ProcessVariables.TITLE, injection, ProcessVariables.DESCRIPTION, injection, "labels", injection, "mitigationNotes", injection));
    complete(task(IncidentMitigation.MITIGATE, mitigation), withVariables("mitigationAction", "rollback", "mitigationNotes", injection));
    execute(job(IncidentMitigation.ROLLBACK, mitigation));

    String id = (String) variable(mitigation, ProcessVariables.INCIDENT_ID);
    Assertions.assertThat((String) variable(mitigation, "rollbackOutput")).isEqualTo("rolled back\n"
        + "arg:[Incident response]\n"
        + "INCIDENT_ID=[" + id + "]\nINCIDENT_SEVERITY=[SEV-3]\nINCIDENT_SERVICE=[recording-api]\n");
    Assertions.assertThat(MARKERS.resolve("ran-" + id)).exists();
    for (String suffix : new String[] {"-a", "-b", "-c", "-d", "-e"}) {
      Assertions.assertThat(Path.of(marker + suffix)).as("injected command %s", suffix).doesNotExist();
    }
  }

  @Test
  void anInvalidIncidentValueStopsTheActionWithAClearError() {
    String badId = "INC-1;touch-x";
    ProcessInstance mitigation = startMitigation("SEV-3", "recording-api", Map.of(ProcessVariables.INCIDENT_ID, badId));
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());
    execute(job(IncidentMitigation.ROLLBACK, mitigation));

    assertThat(mitigation).isWaitingAt(IncidentMitigation.MITIGATE).variables().containsEntry("rollbackOutcome", "rejected")
        .containsEntry("rollbackExitCode", null);
    Assertions.assertThat((String) variable(mitigation, "rollbackErrors")).startsWith(
        "INCIDENT_ID value 'INC-1;touch-x' is not allowed: incident values passed to scripts must match "
            + IncidentEnvironment.ALLOWED.pattern());
    Assertions.assertThat(MARKERS.resolve("ran-" + badId)).doesNotExist();
    Assertions.assertThat(actionIncident(mitigation).getIncidentMessage()).startsWith("rollback was stopped before it ran");

    ProcessInstance noService = startMitigation("SEV-3", "$(touch x) checkout-api");
    complete(task(IncidentMitigation.MITIGATE, noService), rollback());
    execute(job(IncidentMitigation.ROLLBACK, noService));
    Assertions.assertThat((String) variable(noService, "rollbackErrors"))
        .startsWith("INCIDENT_SERVICE value '$(touch' is not allowed");
  }

  @Test
  void drillsRunEveryActionAsADryRun() {
    ProcessInstance mitigation = startMitigation("SEV-3", "recording-api", Map.of(ProcessVariables.DRILL, true));
    complete(task(IncidentMitigation.MITIGATE, mitigation), rollback());
    execute(job(IncidentMitigation.ROLLBACK, mitigation));
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));

    String id = (String) variable(mitigation, ProcessVariables.INCIDENT_ID);
    assertThat(mitigation).isWaitingAt(IncidentMitigation.MONITORING).variables()
        .containsEntry("rollbackOutcome", "dry-run").containsEntry("healthOutcome", "dry-run")
        .containsEntry(ProcessVariables.SERVICE_RESTORED, true);
    Assertions.assertThat((String) variable(mitigation, "rollbackOutput")).startsWith("[dry-run]")
        .contains("Would run: bash src/test/resources/scripts/record-run.sh 'Incident response'");
    Assertions.assertThat(MARKERS.resolve("ran-" + id)).doesNotExist();
  }
}
