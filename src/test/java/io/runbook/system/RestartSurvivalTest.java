package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.RunbookApplication;
import io.runbook.process.IncidentResponse;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default keeps incidents in an H2 file: they are still there after a restart. */
class RestartSurvivalTest {

  @TempDir Path dataDir;

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(RunbookApplication.class)
        .profiles("demo")
        // Command-line arguments outrank application.yml. The Camunda webapps keep JVM-wide state
        // that breaks later web contexts in the same test JVM, and this test needs none of them.
        .run("--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("runbook") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "--camunda.bpm.job-execution.enabled=false",
            "--camunda.bpm.webapp.enabled=false",
            "--server.port=0");
  }

  @Test
  void anOpenIncidentAndItsTriageTaskSurviveARestart() {
    String incidentId;
    try (ConfigurableApplicationContext app = start()) {
      incidentId = app.getBean(RuntimeService.class).startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
          Map.of("title", "Disk full", "source", "team-observation", "proposedSeverity", "SEV-2")).getBusinessKey();
    }
    try (ConfigurableApplicationContext app = start()) {
      TaskService tasks = app.getBean(TaskService.class);
      assertThat(tasks.createTaskQuery().processInstanceBusinessKey(incidentId).singleResult().getTaskDefinitionKey())
          .isEqualTo(IncidentResponse.TRIAGE);
      String next = app.getBean(RuntimeService.class).startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
          Map.of("title", "Disk full again", "source", "team-observation", "proposedSeverity", "SEV-2")).getBusinessKey();
      assertThat(next).isNotEqualTo(incidentId);
    }
  }
}
