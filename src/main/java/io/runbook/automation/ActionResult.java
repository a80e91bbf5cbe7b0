package io.runbook.automation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one run of an action did: how it ended, its exit code, how long it took and what it printed
 * (each stream cut to the action's {@code max-output}).
 *
 * @param problem why it did not run or was stopped (not started, rejected input, timeout), else null
 */
public record ActionResult(
    String action,
    String commandLine,
    Outcome outcome,
    Integer exitCode,
    Duration duration,
    String stdout,
    String stderr,
    String problem) {

  /** How a run ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    NOT_STARTED,
    REJECTED,
    DRY_RUN;

    /** "timed-out", as stored in process variables. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED || outcome == Outcome.DRY_RUN;
  }

  /** A failure that may go away when tried again (a rejected input never does). */
  public boolean retryable() {
    return !succeeded() && outcome != Outcome.REJECTED;
  }

  static ActionResult rejected(String action, String commandLine, String problem) {
    return new ActionResult(action, commandLine, Outcome.REJECTED, null, Duration.ZERO, "", "", problem);
  }

  static ActionResult dryRun(String action, String commandLine, String description) {
    return new ActionResult(action, commandLine, Outcome.DRY_RUN, null, Duration.ZERO,
        "[dry-run] drill incident: not executed.\n" + description, "", null);
  }

  /** One line for people: "rollback failed with exit code 3 after 1.2 s". */
  public String summary() {
    String took = String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    return switch (outcome) {
      case SUCCEEDED -> action + " succeeded (exit code 0) in " + took;
      case FAILED -> action + " failed with exit code " + exitCode + " after " + took;
      case TIMED_OUT -> action + " timed out after " + took + ": " + problem;
      case NOT_STARTED -> action + " could not start: " + problem;
      case REJECTED -> action + " was stopped before it ran: " + problem;
      case DRY_RUN -> action + " was not run (drill, dry-run)";
    };
  }

  /** The command as a person would type it, each argument quoted when needed; for display only. */
  public static String commandLine(List<String> command) {
    StringBuilder line = new StringBuilder();
    for (String argument : command) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(PLAIN_ARGUMENT.matcher(argument).matches() ? argument : "'" + argument.replace("'", "'\\''") + "'");
    }
    return line.toString();
  }
}
