package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.incident.IncidentProcess;
import io.runbook.support.EmbeddedPostgresDatabase;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The product runs on a real PostgreSQL, our own tables included. */
@Import(EmbeddedPostgresDatabase.class)
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ActiveProfiles({"demo", "test"})
class PostgresCompatibilityTest {

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;

  @Test
  void anIncidentGetsItsIdAndMovesThroughTriageOnPostgres() {
    ProcessInstance first = runtime.startProcessInstanceByKey(IncidentProcess.PROCESS_KEY,
        Map.of("title", "DB failover", "source", "team-observation", "proposedSeverity", "SEV-3"));
    ProcessInstance second = runtime.startProcessInstanceByKey(IncidentProcess.PROCESS_KEY,
        Map.of("title", "Slow search", "source", "support-ticket", "proposedSeverity", "SEV-4"));

    assertThat(first.getBusinessKey()).matches("INC-\\d{4}-0001");
    assertThat(second.getBusinessKey()).matches("INC-\\d{4}-0002");
    String triage = tasks.createTaskQuery().processInstanceId(first.getId())
        .taskDefinitionKey(IncidentProcess.TRIAGE).singleResult().getId();
    tasks.complete(triage, Map.of("acknowledged", true, "title", "DB failover", "severity", "SEV-3",
        "affectedSystems", "orders-db", "affectedUsers", "none so far", "stakeholdersNotified", true));
    // Investigation starts by gathering recent changes in an asynchronous job.
    management.executeJob(management.createJobQuery().processInstanceId(first.getId())
        .activityId(IncidentProcess.GATHER_RECENT_CHANGES).singleResult().getId());
    assertThat(tasks.createTaskQuery().processInstanceId(first.getId())
        .taskDefinitionKey(IncidentProcess.INVESTIGATION).singleResult().getTaskDefinitionKey())
        .isEqualTo(IncidentProcess.INVESTIGATION);
  }
}
