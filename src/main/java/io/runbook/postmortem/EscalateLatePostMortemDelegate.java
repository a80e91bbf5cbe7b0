package io.runbook.postmortem;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Tell IC and Team Lead: post-mortem late" (48 h after resolution). */
@Component(Beans.ESCALATE_LATE_POST_MORTEM)
public class EscalateLatePostMortemDelegate implements JavaDelegate {

  private final PostMortemNotices notices;

  public EscalateLatePostMortemDelegate(PostMortemNotices notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.escalateLate(execution);
  }
}
