package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
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
@Component(Beans.ACKNOWLEDGE_ON_CLAIM)
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
        .eventName(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED)
        .count() > 0;
    if (awaitingAcknowledgement) {
      runtime.createMessageCorrelation(IncidentResponse.MESSAGE_INCIDENT_ACKNOWLEDGED)
          .processInstanceId(triage.getProcessInstanceId())
          .setVariable(ProcessVariables.ACKNOWLEDGED, true)
          .setVariable(ProcessVariables.ACKNOWLEDGED_BY, triage.getAssignee())
          .setVariable(ProcessVariables.ACKNOWLEDGED_VIA, VIA_TASKLIST_CLAIM)
          .correlateWithResult();
    }
  }
}
