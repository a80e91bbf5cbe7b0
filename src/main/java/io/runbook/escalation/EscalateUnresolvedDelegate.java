package io.runbook.escalation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Escalate: not resolved": the resolution target was missed. */
@Component(Beans.ESCALATE_UNRESOLVED)
public class EscalateUnresolvedDelegate implements JavaDelegate {

  private final Escalation escalation;

  public EscalateUnresolvedDelegate(Escalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    escalation.breach(execution, Sla.RESOLUTION);
  }
}
