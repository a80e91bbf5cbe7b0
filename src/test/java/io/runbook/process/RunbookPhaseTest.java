package io.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.CategoryValue;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The board's phases are the model's: each phase names its group and the group's label, and every
 * activity the incident process can wait in lies, in the diagram, inside the group of the phase
 * {@link RunbookPhase} gives it. Moving a task to another phase in the modeler fails here.
 */
@Tag("unit")
class RunbookPhaseTest {

  final BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("processes", "incident-response.bpmn").toFile());

  @Test
  void eachPhaseIsAGroupOfTheModelWithItsLabel() {
    List<String> labels = new ArrayList<>();
    for (RunbookPhase phase : RunbookPhase.values()) {
      Group group = model.getModelElementById(phase.groupId());
      assertThat(group).as(phase.groupId()).isNotNull();
      CategoryValue value = group.getCategory();
      labels.add(value.getValue());
      assertThat(value.getValue()).isEqualTo(phase.label());
    }
    assertThat(labels).containsExactly("Detection", "Triage", "Response Team Assembly", "Investigation",
        "Mitigation", "Resolution", "Post-Mortem");
  }

  @Test
  void everyWaitStateLiesInsideTheGroupOfItsPhase() {
    Map<String, String> drawnIn = new TreeMap<>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      if (!(node instanceof Activity || node instanceof IntermediateCatchEvent || node instanceof EventBasedGateway)) {
        continue;
      }
      Optional<RunbookPhase> drawn = groupAround(node.getId());
      Optional<RunbookPhase> mapped = RunbookPhase.ofActivity(node.getId());
      if (drawn.isPresent() || mapped.isPresent()) {
        drawnIn.put(node.getId(), drawn.map(Enum::name).orElse("no group") + " / mapped " + mapped.map(Enum::name).orElse("nowhere"));
      }
      if (drawn.isPresent() && !(node instanceof IntermediateCatchEvent || node instanceof EventBasedGateway)) {
        assertThat(mapped).as(node.getId() + " is drawn in " + drawn.get()).isEqualTo(drawn);
      }
      mapped.ifPresent(phase -> assertThat(drawn).as(node.getId() + " is mapped to " + phase).contains(phase));
    }
    assertThat(drawnIn).isNotEmpty();
  }

  @Test
  void anIncidentIsInTheLatestPhaseOfItsActiveActivities() {
    assertThat(RunbookPhase.of(List.of(IncidentResponse.STATUS_PAGE_UPDATE, IncidentResponse.INVESTIGATION,
        IncidentResponse.CONFIRM_RECOVERY, IncidentResponse.RESOLUTION_SLA_EVENTS))).contains(RunbookPhase.INVESTIGATION);
    assertThat(RunbookPhase.of(List.of(IncidentResponse.TRIAGE, IncidentResponse.AWAIT_ACKNOWLEDGEMENT)))
        .contains(RunbookPhase.TRIAGE);
    assertThat(RunbookPhase.of(List.of(IncidentResponse.RESOLUTION_OVERDUE))).isEmpty();
  }

  private Optional<RunbookPhase> groupAround(String elementId) {
    Bounds node = shape(elementId);
    if (node == null) {
      return Optional.empty();
    }
    double x = node.getX() + node.getWidth() / 2;
    double y = node.getY() + node.getHeight() / 2;
    for (RunbookPhase phase : RunbookPhase.values()) {
      Bounds group = shape(phase.groupId());
      if (x >= group.getX() && x <= group.getX() + group.getWidth() && y >= group.getY()
          && y <= group.getY() + group.getHeight()) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }

  private Bounds shape(String elementId) {
    return model.getModelElementsByType(BpmnShape.class).stream()
        .filter(shape -> shape.getBpmnElement() != null && elementId.equals(shape.getBpmnElement().getId()))
        .map(BpmnShape::getBounds).findFirst().orElse(null);
  }
}
