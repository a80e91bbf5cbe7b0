package io.runbook.forms;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.variable.Variables;

/**
 * Checks submitted values against the deployed Camunda Form and the {@link SubmissionRule}s, and
 * rejects a submission with a {@link FormFieldValidationException} naming every problem. Camunda's
 * REST API answers that exception with 400 and its message, and Tasklist shows it.
 *
 * <p>The engine wraps exceptions thrown by task listeners in a generic one (a 500 over REST), so
 * the task's complete listener only collects the problems into a transient variable and the user
 * task's end listener, whose exceptions pass through unwrapped, throws them. Either way the
 * completion rolls back and the task stays open.
 */
public class FormSubmissionValidator {

  static final String PROBLEMS = "runbook.submissionProblems";

  private final List<SubmissionRule> rules;

  /** Complete listener of user tasks that have a form. */
  public final TaskListener onTaskComplete = this::collectProblems;

  /** End listener of the same user tasks: throws what the complete listener collected. */
  public final ExecutionListener onTaskEnd = FormSubmissionValidator::rejectCollectedProblems;

  /** Start listener of start events that have a form. */
  public final ExecutionListener onStartFormSubmitted = FormSubmissionValidator::checkStartForm;

  public FormSubmissionValidator(List<SubmissionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  private void collectProblems(DelegateTask task) {
    requireExecution(task);
    List<String> problems = new ArrayList<>();
    FormService forms = task.getProcessEngineServices().getFormService();
    try (InputStream form = forms.getDeployedTaskForm(task.getId())) {
      problems.addAll(FormSchema.parse(form).violations(task::getVariable));
    } catch (IOException unreadable) {
      throw new IllegalStateException("Form of task " + task.getId() + " cannot be read", unreadable);
    }
    for (SubmissionRule rule : rules) {
      if (rule.taskDefinitionKeys().contains(task.getTaskDefinitionKey())) {
        problems.addAll(rule.problems(task));
      }
    }
    if (!problems.isEmpty()) {
      String text = "task '" + task.getName() + "': " + String.join("; ", problems);
      task.getExecution().setVariableLocal(PROBLEMS, Variables.stringValue(text, true));
    }
  }

  /**
   * A task whose execution is gone was completed by another request at the same time: this one
   * loaded the task before the other committed. That is a conflict (409 over REST), not an error.
   */
  static void requireExecution(DelegateTask task) {
    if (task.getExecution() == null) {
      throw new OptimisticLockingException("Task '" + task.getId() + "' (" + task.getName()
          + ") was completed by another request at the same time");
    }
  }

  private static void rejectCollectedProblems(DelegateExecution execution) {
    Object problems = execution.getVariableLocal(PROBLEMS);
    if (problems != null) {
      throw new FormFieldValidationException(problems, "Invalid submission of " + problems);
    }
  }

  private static void checkStartForm(DelegateExecution execution) throws IOException {
    FormService forms = execution.getProcessEngineServices().getFormService();
    try (InputStream form = forms.getDeployedStartForm(execution.getProcessDefinitionId())) {
      check(FormSchema.parse(form), execution::getVariable, "start form");
    }
  }

  private static void check(FormSchema schema, Function<String, Object> values, String where) {
    List<String> problems = schema.violations(values);
    if (!problems.isEmpty()) {
      throw new FormFieldValidationException(problems, "Invalid submission of " + where + ": " + String.join("; ", problems));
    }
  }
}
