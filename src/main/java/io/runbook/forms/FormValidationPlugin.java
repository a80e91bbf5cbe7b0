package io.runbook.forms;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Validates every form submission on the server, for every user task and start form that has a
 * {@code camunda:formRef}, without each model having to remember a listener. The checks run as
 * built-in listeners, before the model's own, so those see only well-formed values. Tasks that own
 * a {@link ControlVariables control variable} also record who completed them.
 */
@Component
public class FormValidationPlugin extends AbstractProcessEnginePlugin {

  private final FormSubmissionValidator validator;

  public FormValidationPlugin(List<SubmissionRule> rules) {
    this.validator = new FormSubmissionValidator(rules);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (hasFormRef(element) && activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
          behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, validator.onTaskComplete);
          activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, validator.onTaskEnd);
          if (ControlVariables.RECORDED_AS.containsKey(activity.getId())) {
            behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE,
                ControlVariables.RECORD_DECIDER);
          }
        }
      }

      @Override
      public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (hasFormRef(element)) {
          activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, validator.onStartFormSubmitted);
        }
      }
    });
  }

  private static boolean hasFormRef(Element element) {
    return element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef") != null;
  }
}
