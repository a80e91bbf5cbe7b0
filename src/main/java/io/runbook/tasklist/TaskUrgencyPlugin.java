package io.runbook.tasklist;

import io.runbook.process.IncidentResponse;
import java.util.ArrayList;
import java.util.Set;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * A BPMN parse listener, so no model has to name a listener: every user task of every model gets
 * its Tasklist card when created ({@link IncidentTasks}); in the incident process, the places where
 * the card of the open tasks changes recompute it: a severity decided (*Apply triage*) or changed
 * before acknowledgement (*Severity changed*), an escalation (*Escalate: not acknowledged*,
 * *Escalate: not resolved*), an Incident Commander named (*Assemble response team*), a status update
 * missed (*Escalate: status update missed*). *Register
 * incident* gives the reporter the incident id ({@link ReporterFollowUp}); closing the ticket, or
 * any other end of the incident, ends the reporter's follow task.
 */
@Component
public class TaskUrgencyPlugin extends AbstractProcessEnginePlugin {

  static final Set<String> RECOMPUTE_AFTER = Set.of(IncidentResponse.APPLY_TRIAGE, IncidentResponse.ESCALATE_UNACKNOWLEDGED,
      IncidentResponse.ESCALATE_UNRESOLVED, IncidentResponse.ACK_SEVERITY_CHANGED, IncidentResponse.ASSEMBLE_TEAM,
      IncidentResponse.ESCALATE_MISSED_STATUS_UPDATE, IncidentResponse.APPLY_RETRIAGE, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE);

  private final TaskListener created;
  private final ExecutionListener recompute;
  private final ExecutionListener registered;
  private final ExecutionListener closed;

  public TaskUrgencyPlugin(IncidentTasks tasks, ReporterFollowUp reporter) {
    this.created = task -> asEngine(() -> tasks.created(task));
    this.recompute = execution -> asEngine(() -> tasks.refresh(execution));
    this.registered = execution -> asEngine(() -> reporter.registered(execution));
    this.closed = execution -> asEngine(() -> reporter.closed(execution));
  }

  /**
   * Built-in listeners run as whoever caused them (the responder completing triage, the reporter
   * submitting the start form), with the engine's authorization checks on: what they do to other
   * tasks is the engine's work, not that person's, so the checks are off while they run.
   */
  static void asEngine(Runnable work) {
    CommandContext context = Context.getCommandContext();
    boolean checking = context != null && context.isAuthorizationCheckEnabled();
    if (checking) {
      context.disableAuthorizationCheck();
    }
    try {
      work.run();
    } finally {
      if (checking) {
        context.enableAuthorizationCheck();
      }
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
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
          behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, created);
        }
        inIncidentProcess(activity);
      }

      @Override
      public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        inIncidentProcess(activity);
      }

      @Override
      public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        inIncidentProcess(activity);
      }
    });
  }

  private void inIncidentProcess(ActivityImpl activity) {
    if (!(activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition)
        || !IncidentResponse.PROCESS_KEY.equals(definition.getKey())) {
      return;
    }
    if (RECOMPUTE_AFTER.contains(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, recompute);
    }
    if (IncidentResponse.REGISTER_INCIDENT.equals(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, registered);
    }
    if (IncidentResponse.CLOSE_INCIDENT.equals(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, closed);
    }
  }
}
