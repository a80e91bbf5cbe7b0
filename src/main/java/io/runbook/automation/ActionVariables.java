package io.runbook.automation;

import io.runbook.process.ProcessVariables.ActionVar;
import io.runbook.process.ProcessVariables;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;

/**
 * Records a run as process variables, so it shows in the next form, in Cockpit and in the
 * incident's history: outcome, exit code, duration, command, a preview of stdout and stderr that
 * fits a string variable, and the whole capture as a text file.
 */
final class ActionVariables {

  /** Camunda keeps string variables in a 4000-character column; previews stay below it. */
  static final int PREVIEW_LIMIT = 3800;
  private static final int PREVIEW_HEAD = 1200;

  private ActionVariables() {}

  static void record(DelegateExecution execution, ActionResult result, String service, ActionAttempts.Attempt attempt,
      String node) {
    String a = result.action();
    execution.setVariable(ActionVar.name(a, ActionVar.OUTCOME), result.outcome().id());
    execution.setVariable(ActionVar.name(a, ActionVar.EXIT_CODE), result.exitCode());
    execution.setVariable(ActionVar.name(a, ActionVar.DURATION_MS), result.duration().toMillis());
    execution.setVariable(ActionVar.name(a, ActionVar.COMMAND), result.commandLine());
    execution.setVariable(ActionVar.name(a, ActionVar.SERVICE), service);
    execution.setVariable(ActionVar.name(a, ActionVar.ATTEMPTS), attempt.toString());
    execution.setVariable(ActionVar.name(a, ActionVar.OUTPUT), preview(result.stdout(), ActionVar.name(a, ActionVar.LOG)));
    execution.setVariable(ActionVar.name(a, ActionVar.ERRORS), preview(errors(result), ActionVar.name(a, ActionVar.LOG)));
    execution.setVariable(ActionVar.name(a, ActionVar.SUMMARY), summary(result, attempt));
    execution.setVariable(ActionVar.name(a, ActionVar.FINISHED_AT), ClockUtil.getCurrentTime());
    execution.setVariable(ActionVar.name(a, ActionVar.NODE), node);
    execution.setVariable(ActionVar.name(a, ActionVar.LOG), log(result, service, attempt));
    execution.setVariable(ProcessVariables.LAST_ACTION_SUMMARY, summary(result, attempt));
  }

  static String summary(ActionResult result, ActionAttempts.Attempt attempt) {
    return result.summary() + (attempt.of() > 1 ? " (attempt " + attempt + ")" : "");
  }

  private static String errors(ActionResult result) {
    if (result.problem() == null) {
      return result.stderr();
    }
    String stderr = result.stderr() == null ? "" : result.stderr();
    return result.problem() + (stderr.isEmpty() ? "" : "\n" + stderr);
  }

  /** The text itself when it fits, else its start and end with a note where the rest is. */
  static String preview(String text, String logVariable) {
    if (text == null || text.length() <= PREVIEW_LIMIT) {
      return text;
    }
    int tail = PREVIEW_LIMIT - PREVIEW_HEAD - 160;
    int omitted = text.length() - PREVIEW_HEAD - tail;
    String note = "\n[... " + omitted + " characters not shown here: the whole output is in " + logVariable + " ...]\n";
    return text.substring(0, PREVIEW_HEAD) + note + text.substring(text.length() - tail);
  }

  private static FileValue log(ActionResult result, String service, ActionAttempts.Attempt attempt) {
    String text = "$ " + result.commandLine() + "\n"
        + "service: " + (service == null ? "-" : service) + ", attempt " + attempt + "\n"
        + "--- stdout ---\n" + result.stdout() + "\n"
        + "--- stderr ---\n" + errors(result) + "\n"
        + "--- " + result.summary() + "\n";
    return Variables.fileValue(ActionVar.prefix(result.action()) + "-output.txt")
        .file(text.getBytes(StandardCharsets.UTF_8))
        .mimeType("text/plain")
        .encoding(StandardCharsets.UTF_8)
        .create();
  }
}
