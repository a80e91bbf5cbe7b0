package io.runbook.automation;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Investigation starts by gathering recent changes (a real script) and links the dashboard. */
@EngineTest
class InvestigationAutomationProcessTest {

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;

  @BeforeEach
  void bindAssertions() {
    init(engine);
  }

  private ProcessInstance triagedIncident(String affectedSystems) {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        "title", "Checkout is failing", "source", "user-report", "proposedSeverity", "SEV-3"));
    Map<String, Object> triage = new HashMap<>(Map.of("acknowledged", true, "title", "Checkout is failing",
        "severity", "SEV-3", "affectedSystems", affectedSystems, "affectedUsers", "EU customers",
        "securityRelated", false, "dataBreachSuspected", false, "stakeholdersNotified", true));
    complete(task(IncidentResponse.TRIAGE, incident), triage);
    assertThat(incident).isWaitingAt(IncidentResponse.GATHER_RECENT_CHANGES);
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    return incident;
  }

  @Test
  void theInvestigationShowsRecentChangesAndTheServicesTelemetryDashboard() {
    ProcessInstance incident = triagedIncident("frontend, recording-api");

    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION).variables()
        .containsEntry(ProcessVariables.TELEMETRY_DASHBOARD_URL, "https://dashboards.test/recording?service=recording-api")
        .containsEntry("recentChangesOutcome", "succeeded").containsEntry("recentChangesService", "recording-api");
    Assertions.assertThat((String) runtime.getVariable(incident.getId(), "recentChangesOutput"))
        .startsWith("Recent changes for recording-api (newest first):\n9f3c2a1 (tag: v4.2.0) Release 4.2.0\n");
  }

  @Test
  void withoutServiceSettingsTheDashboardTemplateGetsTheFirstListedSystem() {
    ProcessInstance incident = triagedIncident("checkout-api payments");
    assertThat(incident).variables().containsEntry(ProcessVariables.TELEMETRY_DASHBOARD_URL,
        "https://grafana.example.com/d/runbook-services?var-service=checkout-api");
  }

  @Test
  void aFailureDoesNotBlockTheInvestigationButRaisesAnIncidentUntilItIsDone() {
    ProcessInstance incident = triagedIncident("broken-api");

    assertThat(incident).isWaitingAt(IncidentResponse.INVESTIGATION).variables()
        .containsEntry("recentChangesOutcome", "failed").containsEntry("recentChangesExitCode", 128);
    Incident open = runtime.createIncidentQuery().processInstanceId(incident.getId())
        .incidentType(IncidentMitigation.INCIDENT_TYPE_ACTION_FAILED).singleResult();
    Assertions.assertThat(open.getActivityId()).isEqualTo(IncidentResponse.INVESTIGATION);
    Assertions.assertThat(open.getIncidentMessage()).startsWith("recent-changes failed with exit code 128");

    complete(task(IncidentResponse.INVESTIGATION, incident), Map.of("recentChangesReviewed", true, "dashboardsChecked", true,
        "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Release 4.2"));
    Assertions.assertThat(runtime.createIncidentQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(incident).isWaitingAt(IncidentResponse.MITIGATION);
  }
}
