package io.runbook.escalation;

import static io.runbook.escalation.EscalationTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import io.runbook.communication.NotificationOutbox;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.EngineTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A new version of the incident-response model deployed while incidents run (a node started with a
 * newer jar deploys it; docs/nodes.md): a running incident goes on, and ends, on the version it
 * started on; only incidents opened afterwards take the new one. Through the engine API, as a
 * second node's deployment reaches the shared database. Version 2 differs in one visible place:
 * the name of "Assemble response team".
 */
@EngineTest
class ModelVersionWhileRunningTest {

  private static final String V2_NAME = "Assemble response team (version 2)";

  @Autowired ProcessEngine engine;
  @Autowired NotificationOutbox outbox;
  EscalationTestSupport support;
  Deployment v2;

  @BeforeEach
  void setUp() {
    init(engine);
    support = new EscalationTestSupport(engine, outbox);
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  @AfterEach
  void removeVersion2() {
    ClockUtil.reset();
    if (v2 != null) {
      // The other tests of this shared engine start incidents on the model as packaged.
      engine.getRepositoryService().deleteDeployment(v2.getId(), true);
    }
  }

  @Test
  void aRunningIncidentFinishesItsStepsOnTheVersionItStartedOn() throws IOException {
    ProcessInstance running = support.raise("SEV-1");
    String v1 = running.getProcessDefinitionId();

    v2 = engine.getRepositoryService().createDeployment().name("incident-response version 2")
        .addString("incident-response.bpmn", version2()).deploy();
    ProcessDefinition latest = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).latestVersion().singleResult();
    assertThat(latest.getDeploymentId()).isEqualTo(v2.getId());
    assertThat(latest.getId()).isNotEqualTo(v1);

    // Its acknowledgement timer fires after the deployment: still version 1, and so is the next timer.
    Job timer = support.timer(running, IncidentResponse.ACK_OVERDUE);
    assertThat(timer.getProcessDefinitionId()).isEqualTo(v1);
    support.fire(timer);
    assertThat(support.timer(running, IncidentResponse.ACK_OVERDUE).getProcessDefinitionId()).isEqualTo(v1);

    // Triage completed: the next task is version 1's.
    complete(task(IncidentResponse.TRIAGE, running), AcknowledgementEscalationTest.triage("SEV-1"));
    org.camunda.bpm.engine.task.Task assemble = task(IncidentResponse.ASSEMBLE_TEAM, running);
    assertThat(assemble.getProcessDefinitionId()).isEqualTo(v1);
    assertThat(assemble.getName()).doesNotContain("version 2");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(running.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(v1);

    // An incident opened now takes version 2.
    ProcessInstance opened = support.raise("SEV-1");
    assertThat(opened.getProcessDefinitionId()).isEqualTo(latest.getId());
    complete(task(IncidentResponse.TRIAGE, opened), AcknowledgementEscalationTest.triage("SEV-1"));
    assertThat(task(IncidentResponse.ASSEMBLE_TEAM, opened).getName()).contains("version 2");

    // Ending it ends it on version 1: its history says so.
    engine.getRuntimeService().deleteProcessInstance(running.getId(), "test over");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(running.getId())
        .singleResult().getProcessDefinitionId()).isEqualTo(v1);
    engine.getRuntimeService().deleteProcessInstance(opened.getId(), "test over");
  }

  private static String version2() throws IOException {
    try (InputStream model = ModelVersionWhileRunningTest.class.getResourceAsStream("/processes/incident-response.bpmn")) {
      String xml = new String(model.readAllBytes(), StandardCharsets.UTF_8);
      String v1Name = "id=\"" + IncidentResponse.ASSEMBLE_TEAM + "\" name=\"Assemble response team\"";
      assertThat(xml).contains(v1Name);
      return xml.replace(v1Name, "id=\"" + IncidentResponse.ASSEMBLE_TEAM + "\" name=\"" + V2_NAME + "\"");
    }
  }
}
