package io.runbook.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The deployed forms agree with the table of control variables: each is editable only in the form of the task that owns it. */
@Tag("unit")
class ControlVariablesTest {

  /** Task definition key to the form it shows, from every model in processes/. */
  static Map<String, String> taskForms() throws IOException {
    Map<String, String> forms = new LinkedHashMap<>();
    try (DirectoryStream<Path> models = Files.newDirectoryStream(Path.of("processes"), "*.bpmn")) {
      for (Path model : models) {
        BpmnModelInstance bpmn = Bpmn.readModelFromFile(model.toFile());
        for (UserTask task : bpmn.getModelElementsByType(UserTask.class)) {
          if (task.getCamundaFormRef() != null) {
            forms.put(task.getId(), task.getCamundaFormRef());
          }
        }
      }
    }
    return forms;
  }

  static FormSchema form(String id) throws IOException {
    try (InputStream json = Files.newInputStream(Path.of("forms", id + ".form"))) {
      return FormSchema.parse(json);
    }
  }

  @Test
  void everyControlVariableIsEditableOnlyInTheFormOfTheTaskThatOwnsIt() throws IOException {
    Map<String, String> taskForms = taskForms();
    assertThat(taskForms).containsKeys(ControlVariables.OWNED_BY_TASK.keySet().toArray(String[]::new));
    Map<String, Set<String>> editableIn = new TreeMap<>();
    for (Map.Entry<String, String> task : taskForms.entrySet()) {
      for (FormSchema.Field field : form(task.getValue()).fields()) {
        if (ControlVariables.all().contains(field.key())) {
          editableIn.computeIfAbsent(field.key(), k -> new TreeSet<>()).add(task.getKey());
        }
      }
    }
    Map<String, Set<String>> owners = new TreeMap<>();
    ControlVariables.OWNED_BY_TASK.forEach((task, variables) ->
        variables.forEach(variable -> owners.computeIfAbsent(variable, k -> new TreeSet<>()).add(task)));
    assertThat(editableIn).as("task forms where each control variable is editable").isEqualTo(owners);
    assertThat(editableIn.keySet()).doesNotContainAnyElementsOf(ControlVariables.FIXED_AT_START);
  }

  @Test
  void everyTaskThatRecordsItsDeciderOwnsAControlVariable() {
    assertThat(ControlVariables.OWNED_BY_TASK.keySet()).containsAll(ControlVariables.RECORDED_AS.keySet());
  }
}
