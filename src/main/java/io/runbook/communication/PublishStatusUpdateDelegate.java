package io.runbook.communication;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Publish status update": renders the runbook's status page template from what the
 * Communications lead entered and keeps it on the incident as {@code statusPageMessage}.
 */
@Component("publishStatusUpdate")
public class PublishStatusUpdateDelegate implements JavaDelegate {

  public static final String STATUS_PAGE_MESSAGE = "statusPageMessage";

  @Override
  public void execute(DelegateExecution execution) {
    Object minutes = execution.getVariable("statusNextUpdateMinutes");
    StatusPageUpdate update =
        new StatusPageUpdate(
            StatusPageUpdate.Status.fromLabel((String) execution.getVariable("statusPageStatus")),
            (String) execution.getVariable("statusIssue"),
            (String) execution.getVariable("statusImpact"),
            minutes instanceof Number n ? n.intValue() : null);
    execution.setVariable(STATUS_PAGE_MESSAGE, update.render());
  }
}
