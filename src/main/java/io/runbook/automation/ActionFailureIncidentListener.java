package io.runbook.automation;

import io.runbook.incident.IncidentProcess;
import io.runbook.incident.IncidentProcess.Var;
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
@Component("actionFailureIncident")
public class ActionFailureIncidentListener implements ExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(ActionFailureIncidentListener.class);

  @Override
  public void notify(DelegateExecution execution) {
    if (EVENTNAME_START.equals(execution.getEventName())) {
      Object failure = execution.getVariable(Var.ACTION_FAILURE);
      if (failure != null) {
        String action = (String) execution.getVariable(Var.FAILED_ACTION);
        Incident incident = execution.createIncident(
            IncidentProcess.INCIDENT_TYPE_ACTION_FAILED, action, failure + " (review it in task '"
                + execution.getCurrentActivityName() + "')");
        LOG.warn("{}: incident {} raised: {}", execution.getVariable(Var.INCIDENT_ID), incident.getId(), failure);
        execution.setVariable(Var.ACTION_INCIDENT_ID, incident.getId());
        execution.removeVariable(Var.ACTION_FAILURE);
        execution.removeVariable(Var.FAILED_ACTION);
      }
    } else if (EVENTNAME_END.equals(execution.getEventName())) {
      Object incidentId = execution.getVariable(Var.ACTION_INCIDENT_ID);
      if (incidentId != null) {
        execution.resolveIncident((String) incidentId);
        execution.removeVariable(Var.ACTION_INCIDENT_ID);
      }
    }
  }
}
