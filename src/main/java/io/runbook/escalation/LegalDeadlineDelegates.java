package io.runbook.escalation;

import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** The thin beans the Security and Legal event subprocesses and the closing gate name. */
final class LegalDeadlineDelegates {

  private LegalDeadlineDelegates() {}

  /** "Start the legal deadline". */
  @Component(Beans.START_LEGAL_DEADLINE)
  static class StartLegalDeadline implements JavaDelegate {
    private final LegalDeadline deadline;

    StartLegalDeadline(LegalDeadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void execute(DelegateExecution incident) {
      deadline.start(incident);
    }
  }

  /** "Remind Legal of the deadline" (first and second reminder). */
  @Component(Beans.REMIND_LEGAL)
  static class RemindLegal implements JavaDelegate {
    private final LegalDeadline deadline;

    RemindLegal(LegalDeadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void execute(DelegateExecution incident) {
      deadline.remind(incident);
    }
  }

  /** "Escalate: legal deadline near". */
  @Component(Beans.ESCALATE_LEGAL_DEADLINE)
  static class EscalateLegalDeadline implements JavaDelegate {
    private final LegalDeadline deadline;

    EscalateLegalDeadline(LegalDeadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void execute(DelegateExecution incident) {
      deadline.escalate(incident);
    }
  }

  /** "Record Legal's sign-off": Legal's process ended. */
  @Component(Beans.RECORD_LEGAL_SIGN_OFF)
  static class RecordLegalSignOff implements JavaDelegate {
    private final LegalDeadline deadline;

    RecordLegalSignOff(LegalDeadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void execute(DelegateExecution incident) {
      deadline.signedOff(incident);
    }
  }

  /** Create listener of "Close incident: waiting for Legal's sign-off". */
  @Component(Beans.ASK_LEGAL_FOR_SIGN_OFF)
  static class AskLegalForSignOff implements TaskListener {
    private final LegalDeadline deadline;

    AskLegalForSignOff(LegalDeadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void notify(DelegateTask waiting) {
      deadline.askForSignOff(waiting.getExecution());
    }
  }

  /** Start listener of the security review call: a later security-review-required starts nothing. */
  @Component(Beans.RECORD_SECURITY_REVIEW_REQUEST)
  static class RecordSecurityReviewRequest implements ExecutionListener {
    @Override
    public void notify(DelegateExecution incident) {
      incident.setVariable(ProcessVariables.SECURITY_REVIEW_REQUESTED_AT, ClockUtil.getCurrentTime());
    }
  }
}
