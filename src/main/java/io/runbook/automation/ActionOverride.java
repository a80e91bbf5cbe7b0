package io.runbook.automation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * A service's changes to an action ({@code runbook.services.<service>.actions.<name>}): every key is
 * optional and replaces the global one; {@code environment} entries are added to the global ones.
 */
public record ActionOverride(
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    Duration timeout,
    DataSize maxOutput,
    String retry) {

  public ActionOverride {
    command = command == null || command.isEmpty() ? null : List.copyOf(command);
    environment = environment == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(environment));
    List<String> problems = ActionDefinition.problems(command, environment, timeout, maxOutput, retry);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  ActionDefinition applyTo(ActionDefinition global) {
    Map<String, String> env = new LinkedHashMap<>(global.environment());
    env.putAll(environment);
    return new ActionDefinition(
        command != null ? command : global.command(),
        workingDirectory != null ? workingDirectory : global.workingDirectory(),
        env,
        timeout != null ? timeout : global.timeout(),
        maxOutput != null ? maxOutput : global.maxOutput(),
        retry != null ? retry : global.retry());
  }
}
