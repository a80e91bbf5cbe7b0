package io.runbook.postmortem;

import io.runbook.forms.SubmissionRule;
import io.runbook.process.IncidentResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * A post-mortem is only complete when every action item has an owner and a due date, and every owner
 * is a known user: each item becomes a task assigned to its owner, and a typo would leave it with
 * nobody. The submission is refused naming each unknown owner, and nothing changes.
 */
@Component
public class ActionItemsRule implements SubmissionRule {

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentResponse.POST_MORTEM);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    List<ActionItem> items;
    try {
      items = ActionItem.parse((String) task.getVariable(PostMortem.ACTION_ITEMS));
    } catch (ActionItem.InvalidActionItems invalid) {
      return List.of("'Action items' (" + PostMortem.ACTION_ITEMS + "): " + invalid.getMessage());
    }
    IdentityService identity = task.getProcessEngineServices().getIdentityService();
    Set<String> unknown = new LinkedHashSet<>();
    for (ActionItem item : items) {
      if (identity.createUserQuery().userId(item.owner()).count() == 0) {
        unknown.add(item.owner());
      }
    }
    List<String> problems = new ArrayList<>();
    for (String owner : unknown) {
      problems.add("'Action items' (" + PostMortem.ACTION_ITEMS + "): owner '" + owner
          + "' is not a known user (write the owner's user id)");
    }
    return problems;
  }
}
