package io.runbook.incident;

import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code rb_incident_registry} in step with the incident process, without the model having to
 * name a listener: "Register incident" records the incident (a manual report gets its row here),
 * "Apply triage" records the decided severity, and "Close incident ticket" closes it and frees its
 * dedup key, so the next alert for that key opens a new incident. An incident process that ends any
 * other way (cancelled in Cockpit) is closed too. The listeners run in the engine's transaction.
 */
@Component
public class IncidentRegistryPlugin extends AbstractProcessEnginePlugin {

  private final IncidentRegistry registry;
  private final Clock clock;

  public IncidentRegistryPlugin(IncidentRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  private final ExecutionListener registered = this::onRegistered;
  private final ExecutionListener triaged = this::onTriaged;
  private final ExecutionListener closed = this::onClosed;

  private void onRegistered(DelegateExecution execution) {
    try {
      registry.registered(
        execution.getProcessBusinessKey(),
        execution.getProcessInstanceId(),
        Boolean.TRUE.equals(execution.getVariable(ProcessVariables.INCIDENT_ID_GIVEN)),
        text(execution, ProcessVariables.PROPOSED_SEVERITY),
        Boolean.TRUE.equals(execution.getVariable(ProcessVariables.SECURITY_RELATED)),
        text(execution, ProcessVariables.SOURCE),
        text(execution, ProcessVariables.TITLE),
        now());
    } catch (IncidentRegistry.IncidentIdTaken taken) {
      // The start is refused and rolled back; over REST this is a 400 naming the id.
      throw new FormFieldValidationException("businessKey", taken.getMessage());
    }
  }

  private void onTriaged(DelegateExecution execution) {
    registry.triaged(
        execution.getProcessBusinessKey(),
        text(execution, ProcessVariables.SEVERITY),
        Boolean.TRUE.equals(execution.getVariable(ProcessVariables.SECURITY_RELATED)),
        text(execution, ProcessVariables.TITLE));
  }

  private void onClosed(DelegateExecution execution) {
    if (execution.getProcessBusinessKey() != null) {
      registry.close(execution.getProcessBusinessKey(), now());
    }
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element element, ProcessDefinitionEntity definition) {
        if (IncidentResponse.PROCESS_KEY.equals(definition.getKey())) {
          definition.addBuiltInListener(ExecutionListener.EVENTNAME_END, closed);
        }
      }

      @Override
      public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (!(activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition)
            || !IncidentResponse.PROCESS_KEY.equals(definition.getKey())) {
          return;
        }
        switch (activity.getId()) {
          case IncidentResponse.REGISTER_INCIDENT -> activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, registered);
          case IncidentResponse.APPLY_TRIAGE, IncidentResponse.APPLY_RETRIAGE ->
              activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, triaged);
          case IncidentResponse.CLOSE_INCIDENT -> activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, closed);
          default -> { }
        }
      }
    });
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}
