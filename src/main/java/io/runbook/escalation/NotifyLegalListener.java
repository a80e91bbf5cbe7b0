package io.runbook.escalation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Create listener of "Legal / Compliance review": a data breach is suspected. */
@Component(Beans.NOTIFY_LEGAL)
public class NotifyLegalListener implements TaskListener {

  private final Escalation escalation;

  public NotifyLegalListener(Escalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void notify(DelegateTask review) {
    escalation.notifyLegal(Escalation.incidentOf(review));
  }
}
