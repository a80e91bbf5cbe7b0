package io.runbook.postmortem;

import io.runbook.communication.InitialNotification;
import io.runbook.communication.PostMortemPublished;
import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Publish post-mortem": the runbook's template filled in, kept on the incident as Markdown; the
 * stakeholders told; and each action item started as an {@code action-item} process, its owner's task
 * with its due date ({@link ActionItemFollowUps}). The incident ends without waiting for them.
 */
@Component(Beans.PUBLISH_POST_MORTEM)
public class PublishPostMortemDelegate implements JavaDelegate {

  private final StakeholderNotices stakeholders;
  private final ActionItemFollowUps followUps;

  public PublishPostMortemDelegate(StakeholderNotices stakeholders, ActionItemFollowUps followUps) {
    this.stakeholders = stakeholders;
    this.followUps = followUps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PostMortem postMortem =
        new PostMortem(
            (String) execution.getVariable(ProcessVariables.INCIDENT_ID),
            (String) execution.getVariable(PostMortem.SUMMARY),
            (String) execution.getVariable(ProcessVariables.TIMELINE),
            (String) execution.getVariable(PostMortem.ROOT_CAUSE),
            (Number) execution.getVariable(PostMortem.USERS_AFFECTED),
            (Number) execution.getVariable(PostMortem.DURATION_MINUTES),
            (Number) execution.getVariable(PostMortem.REVENUE_IMPACT),
            (String) execution.getVariable(PostMortem.WENT_WELL),
            (String) execution.getVariable(PostMortem.COULD_IMPROVE),
            ActionItem.parse((String) execution.getVariable(PostMortem.ACTION_ITEMS)),
            (String) execution.getVariable(PostMortem.LESSONS_LEARNED));
    execution.setVariable(ProcessVariables.POST_MORTEM_REPORT, postMortem.toMarkdown());
    // "Published" means told: the stakeholders of the severity get its notice.
    InitialNotification incident = InitialNotification.of(execution);
    stakeholders.postMortemPublished(execution, new PostMortemPublished(
        postMortem.incidentId(),
        incident.title(),
        incident.severity(),
        postMortem.summary(),
        postMortem.rootCause(),
        postMortem.usersAffected(),
        postMortem.durationMinutes(),
        postMortem.actionItems().stream()
            .map(item -> new PostMortemPublished.ActionItem(item.action(), item.owner(), String.valueOf(item.due())))
            .toList(),
        incident.drill()));
    followUps.start(execution, postMortem.actionItems());
  }
}
