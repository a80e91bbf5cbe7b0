package io.runbook.postmortem;

import io.runbook.audit.IncidentRecords;
import io.runbook.audit.IncidentTimeline;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * "Prepare post-mortem": sets the due date (48 hours after resolution by default) and the author's
 * reminder (24 hours), and pre-fills
 * what the engine already knows: the decisive events of the timeline ({@link PostMortemDraft}), the
 * confirmed root cause and the incident's duration from the first alert to resolution. Reviews'
 * content is never in it (the draft is read without them).
 */
@Component(Beans.PREPARE_POST_MORTEM)
public class PreparePostMortemDelegate implements JavaDelegate {

  private final IncidentRecords records;
  private final IncidentTimeline timeline;
  private final PostMortemDraft drafts;
  private final PostMortemProperties properties;

  public PreparePostMortemDelegate(IncidentRecords records, IncidentTimeline timeline, PostMortemDraft drafts,
      PostMortemProperties properties) {
    this.records = records;
    this.timeline = timeline;
    this.drafts = drafts;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date closedAt = (Date) execution.getVariable(ProcessVariables.CLOSED_AT);
    Date resolvedAt = closedAt == null ? ClockUtil.getCurrentTime() : closedAt;
    execution.setVariable(ProcessVariables.POST_MORTEM_DUE, new Date(resolvedAt.getTime() + properties.dueAfter().toMillis()));
    // The author's reminder (24 h by default); the due date itself is when IC and Team Lead are told.
    execution.setVariable(ProcessVariables.POST_MORTEM_REMINDER_AT,
        new Date(resolvedAt.getTime() + properties.remindAfter().toMillis()));
    PostMortemDraft.Draft draft = drafts.of(timeline.of(records.withoutReviews(execution.getProcessInstanceId())));
    execution.setVariable(ProcessVariables.TIMELINE, draft.timeline());
    Object rootCause = execution.getVariable(ProcessVariables.CONFIRMED_ROOT_CAUSE);
    execution.setVariable(PostMortem.ROOT_CAUSE, rootCause != null ? rootCause : execution.getVariable(ProcessVariables.ROOT_CAUSE));
    Date reportedAt = (Date) execution.getVariable(ProcessVariables.REPORTED_AT);
    Date from = draft.firstAlert() != null ? Date.from(draft.firstAlert()) : reportedAt;
    if (from != null) {
      long minutes = Duration.ofMillis(resolvedAt.getTime() - from.getTime()).toMinutes();
      execution.setVariable(PostMortem.DURATION_MINUTES, minutes);
    }
  }
}
