package io.runbook.postmortem;

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
 * "Prepare post-mortem": sets the due date (48 hours after resolution by default) and pre-fills
 * what the engine already knows: the timeline from history, the confirmed root cause and the
 * incident's duration.
 */
@Component(Beans.PREPARE_POST_MORTEM)
public class PreparePostMortemDelegate implements JavaDelegate {

  private final IncidentTimeline timeline;
  private final PostMortemProperties properties;

  public PreparePostMortemDelegate(IncidentTimeline timeline, PostMortemProperties properties) {
    this.timeline = timeline;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date closedAt = (Date) execution.getVariable(ProcessVariables.CLOSED_AT);
    Date resolvedAt = closedAt == null ? ClockUtil.getCurrentTime() : closedAt;
    execution.setVariable(ProcessVariables.POST_MORTEM_DUE, new Date(resolvedAt.getTime() + properties.dueAfter().toMillis()));
    execution.setVariable(ProcessVariables.TIMELINE, timeline.render(execution.getProcessInstanceId()));
    Object rootCause = execution.getVariable("confirmedRootCause");
    execution.setVariable(PostMortem.ROOT_CAUSE, rootCause != null ? rootCause : execution.getVariable(ProcessVariables.ROOT_CAUSE));
    Date reportedAt = (Date) execution.getVariable(ProcessVariables.REPORTED_AT);
    if (reportedAt != null) {
      long minutes = Duration.ofMillis(resolvedAt.getTime() - reportedAt.getTime()).toMinutes();
      execution.setVariable(PostMortem.DURATION_MINUTES, minutes);
    }
  }
}
