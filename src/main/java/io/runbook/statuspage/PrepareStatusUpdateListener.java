package io.runbook.statuspage;

import io.runbook.communication.StatusPageUpdate;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Create listener of "Post status update": the form opens with the state proposed from the phase
 * ({@link StatusUpdateCadence#propose}), the wording of the last update (Communications' own words;
 * the first time, nothing: the public wording is theirs to write), the severity's interval for
 * "Next update in X minutes", and the update as the template renders it with those values.
 * Communications may change each of them.
 */
@Component(Beans.PREPARE_STATUS_UPDATE)
public class PrepareStatusUpdateListener implements TaskListener {

  /** In front of a drill's draft: drills rehearse the wording, the page never shows it. */
  public static final String NOT_PUBLISHED_IN_DRILLS = "[DRILL] Not published to the status page.\n\n";

  private final StatusUpdateCadence cadence;

  public PrepareStatusUpdateListener(StatusUpdateCadence cadence) {
    this.cadence = cadence;
  }

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    StatusPageUpdate.Status proposed = StatusUpdateCadence.propose(execution);
    long minutes = cadence.intervalMinutes(execution);
    // The cadence's variables live in the event subprocess's scope: setVariable finds them there.
    execution.setVariable(ProcessVariables.STATUS_PAGE_STATUS, proposed.label());
    execution.setVariable(ProcessVariables.STATUS_NEXT_UPDATE_MINUTES, minutes);
    StatusPageUpdate draft = StatusPageUpdate.of(proposed, (String) execution.getVariable(ProcessVariables.STATUS_ISSUE),
        (String) execution.getVariable(ProcessVariables.STATUS_IMPACT), (int) minutes);
    execution.setVariable(ProcessVariables.STATUS_UPDATE_DRAFT,
        (StatusUpdateCadence.drill(execution) ? NOT_PUBLISHED_IN_DRILLS : "") + cadence.render(draft));
  }
}
