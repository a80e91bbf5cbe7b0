package io.runbook.audit;

import io.runbook.process.IncidentResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.springframework.stereotype.Service;

/**
 * The runbook's seven phases and which activity of the incident process belongs to which. The phases
 * are the BPMN groups of {@code processes/incident-response.bpmn} (the lint keeps every task inside
 * its phase's group), so the mapping is read from the deployed diagram itself: an element belongs to
 * the group whose box holds the centre of its shape. No list of ids to keep in step with the model;
 * a version of the model deployed later brings its own mapping (cached per process definition id).
 * Elements outside every group (a boundary timer drawn on a group's edge, say) have no phase of
 * their own; the timeline gives them the phase the incident was in at the time.
 */
@Service
public class IncidentPhases {

  /** The phases in the runbook's order, named as the model's groups name them. */
  public static final List<String> PHASES = List.of(
      "Detection", "Triage", "Response Team Assembly", "Investigation", "Mitigation", "Resolution", "Post-Mortem");

  private final RepositoryService repository;
  private final Map<String, Map<String, String>> byDefinition = new ConcurrentHashMap<>();

  public IncidentPhases(RepositoryService repository) {
    this.repository = repository;
  }

  /** Activity id → phase of one deployed incident-response definition (empty for other processes). */
  public Map<String, String> of(String processDefinitionId) {
    return byDefinition.computeIfAbsent(processDefinitionId, this::read);
  }

  /** Position of a phase in the runbook's order; -1 for none. */
  public static int rank(String phase) {
    return phase == null ? -1 : PHASES.indexOf(phase);
  }

  private Map<String, String> read(String processDefinitionId) {
    if (!processDefinitionId.startsWith(IncidentResponse.PROCESS_KEY + ":")) {
      return Map.of();
    }
    BpmnModelInstance model = repository.getBpmnModelInstance(processDefinitionId);
    Map<String, Bounds> shapes = new LinkedHashMap<>();
    for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
      if (shape.getBpmnElement() != null && shape.getBounds() != null) {
        shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
      }
    }
    Map<String, Bounds> groups = new LinkedHashMap<>();
    for (Group group : model.getModelElementsByType(Group.class)) {
      if (group.getCategory() != null && shapes.containsKey(group.getId())) {
        groups.put(group.getCategory().getValue(), shapes.get(group.getId()));
      }
    }
    Map<String, String> phases = new LinkedHashMap<>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      Bounds bounds = shapes.get(node.getId());
      if (bounds == null) {
        continue;
      }
      double x = bounds.getX() + bounds.getWidth() / 2;
      double y = bounds.getY() + bounds.getHeight() / 2;
      groups.forEach((phase, box) -> {
        if (!phases.containsKey(node.getId()) && x >= box.getX() && x <= box.getX() + box.getWidth()
            && y >= box.getY() && y <= box.getY() + box.getHeight()) {
          phases.put(node.getId(), phase);
        }
      });
    }
    return Map.copyOf(phases);
  }
}
