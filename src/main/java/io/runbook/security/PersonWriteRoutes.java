package io.runbook.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of Camunda's REST routes a person who is not an administrator may use to change anything:
 * the single table behind {@link PersonWriteFilter}. Reads (GET, HEAD, OPTIONS) are not listed: the
 * engine's authorizations decide them. A write that no rule names is refused (deny by default), so
 * a route added by a later Camunda version is closed until someone names it here.
 *
 * <p>Paths are relative to the engine: {@code /task/42/complete} for {@code
 * /engine-rest/task/42/complete}, {@code /engine-rest/engine/default/task/42/complete} and the
 * webapps' {@code /camunda/api/engine/engine/default/task/42/complete}.
 */
public final class PersonWriteRoutes {

  private PersonWriteRoutes() {}

  /** What happens to a person's write on a route. */
  public enum Kind {
    /** A list query sent as POST: changes nothing, the engine filters what the caller may read. */
    QUERY,
    /** Completing a task: the variables must be exactly the editable fields of the task's form. */
    TASK_COMPLETION,
    /** Starting a process through its start form: form fields only, no business key. */
    START_FORM,
    /** Changes nothing of an incident's variables; the engine's authorizations decide. */
    ENGINE_DECIDES,
    /** Writes process state directly: administrators only. */
    ADMINISTRATORS_ONLY
  }

  /** One row of the table: method (or {@code *}), path pattern, what it is, and why. */
  public record Rule(String method, Pattern path, Kind kind, String why) {
    Rule(String method, String regex, Kind kind, String why) {
      this(method, Pattern.compile(regex), kind, why);
    }

    boolean matches(String requestMethod, String enginePath) {
      return (method.equals("*") || method.equals(requestMethod)) && path.matcher(enginePath).matches();
    }
  }

  private static final String ID = "[^/]+";

  /** History collections whose POST form is a query. */
  private static final Set<String> HISTORY_QUERIES = Set.of(
      "process-instance", "activity-instance", "task", "variable-instance", "detail", "incident", "job-log",
      "user-operation", "external-task-log", "identity-link-log", "decision-instance", "batch");

  public static final List<Rule> RULES = List.of(
      new Rule("POST", "/task/" + ID + "/(complete|submit-form|resolve)", Kind.TASK_COMPLETION,
          "a person completes a task they hold with the fields of its form"),
      new Rule("POST", "/process-definition/(key/" + ID + "(/tenant-id/" + ID + ")?|" + ID + ")/submit-form",
          Kind.START_FORM, "a person reports an incident through the start form"),
      new Rule("POST", "/task/" + ID + "/(claim|unclaim|assignee|delegate)", Kind.ENGINE_DECIDES,
          "who works a task: the engine checks TASK_WORK / TASK_ASSIGN on that task"),
      new Rule("POST", "/task/" + ID + "/identity-links(/delete)?", Kind.ENGINE_DECIDES,
          "candidates of a task: the engine checks TASK_ASSIGN on that task"),
      new Rule("*", "/task/" + ID + "/comment(/.*)?", Kind.ENGINE_DECIDES,
          "comments on a task the caller works: the engine checks the task"),
      new Rule("*", "/task/" + ID + "/attachment(/.*)?", Kind.ENGINE_DECIDES,
          "attachments of a task the caller works: the engine checks the task"),
      new Rule("POST", "/(task|process-instance|execution|variable-instance|external-task|job|job-definition|process-definition"
          + "|deployment|incident|case-instance|case-execution|decision-definition|batch|group|user|tenant)(/count)?",
          Kind.QUERY, "list queries sent as POST"),
      new Rule("POST", "/history/(" + String.join("|", HISTORY_QUERIES) + ")(/count)?", Kind.QUERY,
          "history queries sent as POST"),
      new Rule("POST", "/filter/" + ID + "/(list|count|singleResult)", Kind.QUERY, "Tasklist filters"),
      new Rule("*", "/filter(/.*)?", Kind.ENGINE_DECIDES, "saved Tasklist filters: the engine checks FILTER grants"),
      new Rule("*", "/(user|group|tenant|authorization)(/.*)?", Kind.ENGINE_DECIDES,
          "people, groups and grants: the engine checks USER/GROUP/AUTHORIZATION grants"),
      new Rule("POST", "/identity/(verify|password-policy)", Kind.ENGINE_DECIDES,
          "password checks for an authenticated caller (counted by the login throttle)"));

  /** Matches the engine-relative part of a Camunda REST path. */
  private static final Pattern ENGINE_REST = Pattern.compile("^/engine-rest(?:/engine/[^/]+)?(/.*)$");

  private static final Pattern WEBAPP_ENGINE = Pattern.compile("^/camunda/api/engine/engine/[^/]+(/.*)$");

  /** The engine-relative path of a Camunda REST request, or empty when it is not one. */
  public static Optional<String> enginePath(String pathWithinApplication) {
    for (Pattern prefix : List.of(ENGINE_REST, WEBAPP_ENGINE)) {
      Matcher matcher = prefix.matcher(pathWithinApplication);
      if (matcher.matches()) {
        String path = matcher.group(1);
        return Optional.of(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
      }
    }
    return Optional.empty();
  }

  /** The rule for a person's write, or empty when none names it (refused). */
  public static Optional<Rule> ruleFor(String method, String enginePath) {
    return RULES.stream().filter(rule -> rule.matches(method, enginePath)).findFirst();
  }

  /** The task id of a {@link Kind#TASK_COMPLETION} path. */
  static String taskId(String enginePath) {
    return enginePath.split("/")[2];
  }
}
