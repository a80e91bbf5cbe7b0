package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Create listener of "Acknowledge and assess severity": pages the developer on call and, when the
 * incident arrives security-related, tells the Security contact at triage.
 */
@Component(Beans.PAGE_ON_CALL)
public class PageOnCallListener implements TaskListener {

  private final Escalation escalation;

  public PageOnCallListener(Escalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void notify(DelegateTask triage) {
    escalation.pageOnCall(triage.getExecution(), triage);
    if (Boolean.TRUE.equals(triage.getVariable(ProcessVariables.SECURITY_RELATED))) {
      escalation.notifySecurity(triage.getExecution());
    }
  }
}
