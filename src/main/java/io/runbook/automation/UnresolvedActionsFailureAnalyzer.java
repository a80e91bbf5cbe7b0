package io.runbook.automation;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Names each action that cannot run and says where relative paths were looked for, instead of a stack trace. */
public class UnresolvedActionsFailureAnalyzer extends AbstractFailureAnalyzer<UnresolvedActionsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnresolvedActionsException cause) {
    String description = "Configured actions cannot run on this machine:" + System.lineSeparator() + "  "
        + String.join(System.lineSeparator() + "  ", cause.problems()) + System.lineSeparator()
        + "Relative paths are taken from " + cause.baseDir() + " (runbook.automation.base-dir).";
    String action = "Install the missing executables or scripts, fix the paths under runbook.actions (or "
        + "runbook.services.<service>.actions), or set runbook.automation.base-dir to the directory they are "
        + "relative to; see docs/automation.md.";
    return new FailureAnalysis(description, action, cause);
  }
}
