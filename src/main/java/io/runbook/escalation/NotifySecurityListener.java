package io.runbook.escalation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Create listener of "Security review": triage found the incident security-related. */
@Component(Beans.NOTIFY_SECURITY)
public class NotifySecurityListener implements TaskListener {

  private final Escalation escalation;

  public NotifySecurityListener(Escalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void notify(DelegateTask review) {
    escalation.notifySecurity(Escalation.incidentOf(review));
  }
}
