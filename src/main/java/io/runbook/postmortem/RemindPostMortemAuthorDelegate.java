package io.runbook.postmortem;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Remind the author" (24 h after resolution): whoever holds "Write post-mortem" hears it is due. */
@Component(Beans.REMIND_POST_MORTEM_AUTHOR)
public class RemindPostMortemAuthorDelegate implements JavaDelegate {

  private final PostMortemNotices notices;

  public RemindPostMortemAuthorDelegate(PostMortemNotices notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.remindAuthor(execution);
  }
}
