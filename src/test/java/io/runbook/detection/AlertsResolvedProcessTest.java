package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.incident.IncidentIntake;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The incident process side of detection: alerts resolved, closing frees the dedup key. */
@EngineTest
class AlertsResolvedProcessTest {

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired FormService forms;
  @Autowired AlertIngestion ingestion;
  @Autowired JdbcTemplate jdbc;

  private static final IngestAuthenticator.Sender SENDER =
      new IngestAuthenticator.Sender("test-generic", IngestEndpoint.GENERIC, IncidentIntake.Source.MONITORING);

  @BeforeEach
  void bindAssertions() {
    init(engine);
  }

  private IngestResult trigger(String dedupKey) {
    return ingestion.ingest(new AlertBatch(SENDER, AlertBatch.Format.GENERIC, dedupKey, null,
        List.of(new IncomingAlert(IncomingAlert.Action.TRIGGER, dedupKey, null, "API error rate above 2%",
            "5xx on /api/orders", "error", IncidentIntake.Source.MONITORING, Map.of(), List.of(), "{}"))));
  }

  private ProcessInstance incident(String incidentId) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).singleResult();
  }

  private void alertsResolved(String incidentId) {
    runtime.createMessageCorrelation(IncidentResponse.MESSAGE_ALERTS_RESOLVED).processInstanceBusinessKey(incidentId).correlateAll();
  }

  @Test
  void alertsResolvedAsksThePeopleToConfirmRecoveryWhileTheIncidentGoesOn() {
    ProcessInstance incident = incident(trigger("resolved-" + UUID.randomUUID()).incidentId());
    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT);

    alertsResolved(incident.getBusinessKey());

    assertThat(incident).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT, IncidentResponse.CONFIRM_RECOVERY).hasPassed(IncidentResponse.START_ALERTS_RESOLVED);
    assertThat(task(IncidentResponse.CONFIRM_RECOVERY, incident)).hasName("SEV-2 \u00b7 Alerts resolved: confirm recovery")
        .isNotAssigned().hasCandidateGroup("responders");
    complete(task(IncidentResponse.CONFIRM_RECOVERY, incident), withVariables(
        ProcessVariables.RECOVERY, "recovered", ProcessVariables.RECOVERY_NOTES, "Error rate back to 0.1% for 15 minutes"));
    assertThat(incident).hasPassed(IncidentResponse.END_RECOVERY_CONFIRMED).isWaitingAt(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT).isNotEnded();
    assertThat(incident).variables().containsEntry(ProcessVariables.RECOVERY, "recovered");
  }

  @Test
  void confirmingRecoveryGoesToTheTechnicalLeadOnceThereIsOne() {
    ProcessInstance incident = incident(trigger("lead-" + UUID.randomUUID()).incidentId());
    runtime.setVariable(incident.getId(), ProcessVariables.TECHNICAL_LEAD, "responder");

    alertsResolved(incident.getBusinessKey());

    assertThat(task(IncidentResponse.CONFIRM_RECOVERY, incident)).isAssignedTo("responder");
    String taskId = task(IncidentResponse.CONFIRM_RECOVERY, incident).getId();
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(ProcessVariables.RECOVERY_NOTES, "checked")))
        .isInstanceOf(FormFieldValidationException.class).hasMessageContaining("'Service state' (recovery) is required");
  }

  @Test
  void closingTheIncidentTicketFreesTheDedupKey() {
    String dedupKey = "close-" + UUID.randomUUID();
    IngestResult first = trigger(dedupKey);
    Assertions.assertThat(trigger(dedupKey).incidentId()).isEqualTo(first.incidentId());
    ProcessInstance incident = incident(first.incidentId());
    // The second alert reaches the process in the background; let it land before modifying.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
        runtime.getVariable(incident.getId(), ProcessVariables.ALERT_COUNT) instanceof Number n && n.intValue() == 2);

    // Jump to the runbook's last resolution step, as Cockpit's process instance modification does.
    Map<String, Object> closing = new HashMap<>();
    closing.put(ProcessVariables.POST_MORTEM_REQUIRED, false);
    closing.put(ProcessVariables.POST_MORTEM_REQUESTED, false);
    runtime.createProcessInstanceModification(incident.getId())
        .cancelAllForActivity(IncidentResponse.TRIAGE_SUBPROCESS)
        .startBeforeActivity(IncidentResponse.CLOSE_INCIDENT)
        .setVariables(closing)
        .execute();

    assertThat(incident).hasPassed(IncidentResponse.CLOSE_INCIDENT, IncidentResponse.END_CLOSED).isEnded();
    Assertions.assertThat(jdbc.queryForMap("SELECT state, closed_at FROM rb_incident_registry WHERE incident_id = ?",
        first.incidentId())).containsEntry("STATE", "closed").hasEntrySatisfying("CLOSED_AT", at -> Assertions.assertThat(at).isNotNull());
    IngestResult next = trigger(dedupKey);
    Assertions.assertThat(next.created()).isTrue();
    Assertions.assertThat(next.incidentId()).isNotEqualTo(first.incidentId());
  }

  @Test
  void triageShowsTheAlertSummaryReadOnly() throws Exception {
    ProcessInstance incident = incident(trigger("form-" + UUID.randomUUID()).incidentId());
    try (InputStream form = forms.getDeployedTaskForm(task(IncidentResponse.TRIAGE, incident).getId())) {
      JsonNode field = null;
      for (JsonNode component : new ObjectMapper().readTree(form).path("components")) {
        if (ProcessVariables.ALERT_SUMMARY.equals(component.path("key").asText())) {
          field = component;
        }
      }
      Assertions.assertThat(field).as("alertSummary field on the triage form").isNotNull();
      Assertions.assertThat(field.path("readonly").asBoolean()).isTrue();
    }
    assertThat(incident).variables().hasEntrySatisfying(ProcessVariables.ALERT_SUMMARY,
        s -> Assertions.assertThat((String) s).matches("1 alert, last at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"));
  }
}
