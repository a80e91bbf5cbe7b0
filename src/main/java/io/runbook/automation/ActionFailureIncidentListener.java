package io.runbook.automation;

import io.runbook.process.Beans;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Start and end listener of the user task where a person reviews a failed action (the mitigation
 * decision, the investigation). On start, when an action's last attempt failed, it raises a Camunda
 * incident of type {@code actionFailed} on that task, so Cockpit shows the incident as open exactly
 * while it waits for a person; on end it resolves it.
 *
 * <p>Why not in the failing task itself: an incident belongs to an execution, and the failing
 * task's execution ends when its error boundary event fires, which would delete the incident at
 * once.
 */
@Component(Beans.ACTION_FAILURE_INCIDENT)
public class ActionFailureIncidentListener implements ExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(ActionFailureIncidentListener.class);

  @Override
  public void notify(DelegateExecution execution) {
    if (EVENTNAME_START.equals(execution.getEventName())) {
      Object failure = execution.getVariable(ProcessVariables.ACTION_FAILURE);
      if (failure != null) {
        String action = (String) execution.getVariable(ProcessVariables.FAILED_ACTION);
        Incident incident = execution.createIncident(
            IncidentMitigation.INCIDENT_TYPE_ACTION_FAILED, action, failure + " (review it in task '"
                + execution.getCurrentActivityName() + "')");
        LOG.warn("{}: incident {} raised: {}", execution.getVariable(ProcessVariables.INCIDENT_ID), incident.getId(), failure);
        execution.setVariable(ProcessVariables.ACTION_INCIDENT_ID, incident.getId());
        execution.removeVariable(ProcessVariables.ACTION_FAILURE);
        execution.removeVariable(ProcessVariables.FAILED_ACTION);
      }
    } else if (EVENTNAME_END.equals(execution.getEventName())) {
      Object incidentId = execution.getVariable(ProcessVariables.ACTION_INCIDENT_ID);
      if (incidentId != null) {
        execution.resolveIncident((String) incidentId);
        execution.removeVariable(ProcessVariables.ACTION_INCIDENT_ID);
      }
    }
  }
}
