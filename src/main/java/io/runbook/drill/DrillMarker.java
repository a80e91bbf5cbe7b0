package io.runbook.drill;

import io.runbook.process.ProcessVariables;
import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/** Every task of a drill incident is named "[DRILL] ..." in Tasklist, in every process model. */
@Component
public class DrillMarker extends AbstractProcessEnginePlugin {

  static final TaskListener PREFIX_DRILL_TASKS = task -> {
    if (Boolean.TRUE.equals(task.getVariable(ProcessVariables.DRILL)) && task.getName() != null
        && !task.getName().startsWith(DrillService.TITLE_PREFIX)) {
      task.setName(DrillService.TITLE_PREFIX + task.getName());
    }
  };

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
          behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, PREFIX_DRILL_TASKS);
        }
      }
    });
  }
}
