package io.runbook.escalation;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Escalate: not acknowledged": the acknowledgement SLA was breached. */
@Component(Beans.ESCALATE_UNACKNOWLEDGED)
public class EscalateUnacknowledgedDelegate implements JavaDelegate {

  private final Escalation escalation;

  public EscalateUnacknowledgedDelegate(Escalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    escalation.breach(execution, Sla.ACKNOWLEDGEMENT);
  }
}
