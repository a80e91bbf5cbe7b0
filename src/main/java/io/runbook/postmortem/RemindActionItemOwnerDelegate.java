package io.runbook.postmortem;

import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Remind the owner" (action-item process): the action item is overdue; fires on its due date and again every runbook.post-mortem.action-item-reminder-every. */
@Component(Beans.REMIND_ACTION_ITEM_OWNER)
public class RemindActionItemOwnerDelegate implements JavaDelegate {

  private final PostMortemNotices notices;

  public RemindActionItemOwnerDelegate(PostMortemNotices notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.remindOwner(execution);
  }
}
