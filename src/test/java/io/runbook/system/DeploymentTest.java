package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.EngineTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo context starts, every model and form deploys, and every form reference resolves. */
@EngineTest
class DeploymentTest {

  @Autowired RepositoryService repository;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;

  @Test
  void everyProcessInTheProcessesFolderIsDeployedWithHistoryTimeToLive() throws Exception {
    List<Path> models;
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      models = files.filter(p -> p.toString().endsWith(".bpmn")).toList();
    }
    assertThat(models).isNotEmpty();
    List<ProcessDefinition> deployed = repository.createProcessDefinitionQuery().latestVersion().list();
    assertThat(deployed).extracting(ProcessDefinition::getKey)
        .contains(IncidentResponse.PROCESS_KEY, IncidentMitigation.PROCESS_KEY)
        .hasSize(models.size());
    assertThat(deployed).allSatisfy(d -> assertThat(d.getHistoryTimeToLive()).isPositive());
  }

  @Test
  void everyFormRefPointsToADeployedForm() throws Exception {
    Set<String> deployedForms = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
      for (String resource : repository.getDeploymentResourceNames(definition.getDeploymentId())) {
        if (resource.endsWith(".form")) {
          try (InputStream form = repository.getResourceAsStream(definition.getDeploymentId(), resource)) {
            deployedForms.add(json.readTree(form).path("id").asText());
          }
        }
      }
    }
    Set<String> referenced = new HashSet<>();
    for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
      BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        assertThat(task.getCamundaFormRef()).as("form of user task %s", task.getId()).isNotBlank();
        referenced.add(task.getCamundaFormRef());
      }
      model.getModelElementsByType(StartEvent.class).stream()
          .map(StartEvent::getCamundaFormRef).filter(ref -> ref != null).forEach(referenced::add);
    }
    assertThat(referenced).isNotEmpty();
    assertThat(deployedForms).as("forms deployed").containsAll(referenced);
  }

  @Test
  void demoProfileCreatesTheRunbookUsersGroupsAndTasklistFilters() {
    assertThat(identity.createUserQuery().memberOfGroup("responders").list())
        .extracting(u -> u.getId()).contains("responder", "lead");
    assertThat(identity.createUserQuery().userId("manager").memberOfGroup("engineering-managers").count()).isOne();
    for (String user : List.of("admin", "responder", "lead", "manager", "cto", "security", "legal", "comms", "auditor")) {
      assertThat(identity.checkPassword(user, user)).as("demo password of %s", user).isTrue();
    }
    assertThat(identity.createUserQuery().userId("admin").memberOfGroup("camunda-admin").count()).isOne();
    assertThat(filters.createFilterQuery().filterName(TasklistFilters.GROUP_TASKS).count()).isOne();
  }
}
