package io.runbook.forms;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * A check on a completed task's values that a form schema cannot express (a user id that must
 * exist, a line format). Rules are Spring beans; the form validation runs them with the form's own
 * checks and rejects the completion with all problems at once.
 */
public interface SubmissionRule {

  /** Task definition keys (BPMN element ids) this rule checks. */
  Set<String> taskDefinitionKeys();

  /** Problems with the submitted values, each a sentence naming the field; empty when fine. */
  List<String> problems(DelegateTask task);
}
