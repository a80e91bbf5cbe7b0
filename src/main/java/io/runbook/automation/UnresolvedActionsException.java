package io.runbook.automation;

import java.nio.file.Path;
import java.util.List;

/** Start-up stops: configured actions whose executable, script or working directory cannot be found. */
public class UnresolvedActionsException extends IllegalStateException {

  private final transient List<String> problems;
  private final transient Path baseDir;

  public UnresolvedActionsException(List<String> problems, Path baseDir) {
    super("Configured actions cannot run on this machine: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
    this.baseDir = baseDir;
  }

  public List<String> problems() {
    return problems;
  }

  public Path baseDir() {
    return baseDir;
  }
}
