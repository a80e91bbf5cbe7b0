package io.runbook.communication;

import io.runbook.process.IncidentNotification;
import io.runbook.process.ProcessVariables;
import java.util.ArrayList;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * When "Send notification" has no retries left, the engine raises its usual failed-job incident
 * (visible in Cockpit, retryable there, with the SMTP or webhook error) and this handler also
 * tells the notification process, whose "Deliver notification by hand" task then goes to the
 * Incident Commander. A successful retry from Cockpit ends that task again.
 *
 * <p>The handler is added beside the engine's default one (composite incident handlers), so the
 * incident itself is created exactly as Camunda always does.
 */
@Component
public class UndeliverableNotifications extends AbstractProcessEnginePlugin implements IncidentHandler {

  private final ObjectProvider<RuntimeService> runtime;
  private final ObjectProvider<TaskService> tasks;
  private final ObjectProvider<RepositoryService> repository;

  public UndeliverableNotifications(
      ObjectProvider<RuntimeService> runtime, ObjectProvider<TaskService> tasks, ObjectProvider<RepositoryService> repository) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.repository = repository;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCompositeIncidentHandlersEnabled(true);
    if (configuration.getCustomIncidentHandlers() == null) {
      configuration.setCustomIncidentHandlers(new ArrayList<>());
    }
    configuration.getCustomIncidentHandlers().add(this);
  }

  @Override
  public String getIncidentHandlerType() {
    return Incident.FAILED_JOB_HANDLER_TYPE;
  }

  @Override
  public Incident handleIncident(IncidentContext context, String message) {
    if (!IncidentNotification.SEND_NOTIFICATION.equals(context.getActivityId()) || context.getExecutionId() == null
        || !isNotificationProcess(context.getProcessDefinitionId())) {
      return null;
    }
    Execution execution = runtime.getObject().createExecutionQuery().executionId(context.getExecutionId()).singleResult();
    if (execution == null) {
      return null;
    }
    String processInstanceId = execution.getProcessInstanceId();
    boolean taskAlreadyOpen = tasks.getObject().createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(IncidentNotification.DELIVER_BY_HAND).count() > 0;
    if (!taskAlreadyOpen) {
      runtime.getObject().createMessageCorrelation(IncidentNotification.MESSAGE_NOTIFICATION_UNDELIVERABLE)
          .processInstanceId(processInstanceId)
          .setVariable(ProcessVariables.NOTIFICATION_ERROR, message == null ? "delivery failed" : message)
          .correlateWithResult();
    }
    // The default handler beside this one creates and returns the incident.
    return null;
  }

  private boolean isNotificationProcess(String processDefinitionId) {
    return processDefinitionId != null
        && IncidentNotification.PROCESS_KEY.equals(repository.getObject().getProcessDefinition(processDefinitionId).getKey());
  }

  @Override
  public void resolveIncident(IncidentContext context) {
    // Nothing to undo: a resolved incident (retries set again) leaves the by-hand task to whoever has it.
  }

  @Override
  public void deleteIncident(IncidentContext context) {
    // Nothing to undo.
  }
}
