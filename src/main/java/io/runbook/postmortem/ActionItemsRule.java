package io.runbook.postmortem;

import io.runbook.forms.SubmissionRule;
import io.runbook.process.IncidentResponse;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/** A post-mortem is only complete when every action item has an owner and a due date. */
@Component
public class ActionItemsRule implements SubmissionRule {

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentResponse.POST_MORTEM);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    try {
      ActionItem.parse((String) task.getVariable(PostMortem.ACTION_ITEMS));
      return List.of();
    } catch (ActionItem.InvalidActionItems invalid) {
      return List.of("'Action items' (" + PostMortem.ACTION_ITEMS + "): " + invalid.getMessage());
    }
  }
}
