package io.runbook.escalation;

import io.runbook.incident.IncidentProcess;
import io.runbook.incident.IncidentProcess.Var;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Assignment listener of "Acknowledge and assess severity": claiming the triage task in Tasklist
 * acknowledges the incident, like an acknowledge in a paging tool. It sends the same
 * {@code IncidentAcknowledged} message an alert source would, with {@code acknowledgedVia =
 * tasklist-claim}, so the escalation stops at once instead of at the end of triage.
 */
@Component("acknowledgeOnClaim")
public class AcknowledgeOnClaimListener implements TaskListener {

  public static final String VIA_TASKLIST_CLAIM = "tasklist-claim";

  @Override
  public void notify(DelegateTask triage) {
    if (triage.getAssignee() == null) {
      return;
    }
    RuntimeService runtime = triage.getProcessEngineServices().getRuntimeService();
    boolean awaitingAcknowledgement = runtime.createEventSubscriptionQuery()
        .processInstanceId(triage.getProcessInstanceId())
        .eventType("message")
        .eventName(IncidentProcess.MESSAGE_INCIDENT_ACKNOWLEDGED)
        .count() > 0;
    if (awaitingAcknowledgement) {
      runtime.createMessageCorrelation(IncidentProcess.MESSAGE_INCIDENT_ACKNOWLEDGED)
          .processInstanceId(triage.getProcessInstanceId())
          .setVariable(Var.ACKNOWLEDGED, true)
          .setVariable(Var.ACKNOWLEDGED_BY, triage.getAssignee())
          .setVariable(Var.ACKNOWLEDGED_VIA, VIA_TASKLIST_CLAIM)
          .correlateWithResult();
    }
  }
}
