package io.runbook.automation;

import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One action the engine may run ({@code runbook.actions.<name>}): an argument list, never a shell
 * string. Incident data never becomes part of the command; scripts get it from the
 * {@code INCIDENT_*} environment variables.
 *
 * @param command executable and arguments, one list element each
 * @param workingDirectory where it runs; the application's working directory when absent
 * @param environment extra environment variables (names {@code [A-Za-z_][A-Za-z0-9_]*}, not {@code INCIDENT_*})
 * @param timeout how long one attempt may take before its whole process tree is killed
 * @param maxOutput how much of stdout and of stderr is kept; the middle of longer output is cut with a marker
 * @param retry {@code none} or {@code R<attempts>/<interval>}, see {@link RetryPolicy}
 */
public record ActionDefinition(
    @NotEmpty List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    @DefaultValue("PT5M") Duration timeout,
    @DefaultValue("64KB") DataSize maxOutput,
    @DefaultValue("none") String retry) {

  static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  static final DataSize MAX_OUTPUT = DataSize.ofMegabytes(1);

  public ActionDefinition {
    command = command == null ? List.of() : List.copyOf(command);
    environment = environment == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(environment));
    List<String> problems = problems(command, environment, timeout, maxOutput, retry);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  public RetryPolicy retryPolicy() {
    return RetryPolicy.parse(retry);
  }

  static List<String> problems(
      List<String> command, Map<String, String> environment, Duration timeout, DataSize maxOutput, String retry) {
    List<String> problems = new ArrayList<>();
    if (command != null) {
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i) == null || command.get(i).isEmpty()) {
          problems.add("command[" + i + "] is empty");
        }
      }
      if (!command.isEmpty() && command.get(0) != null && command.get(0).matches(".*\\s.*")) {
        problems.add("command[0] '" + command.get(0) + "' contains whitespace: give the command as a list of "
            + "arguments (command: [npm, run, health]), not as a shell string");
      }
    }
    if (environment != null) {
      for (String name : environment.keySet()) {
        if (!ENVIRONMENT_NAME.matcher(name).matches()) {
          problems.add("environment name '" + name + "' must match " + ENVIRONMENT_NAME.pattern());
        } else if (name.startsWith("INCIDENT_")) {
          problems.add("environment name '" + name + "' is reserved: INCIDENT_* come from the incident");
        }
      }
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
      problems.add("timeout must be positive and at most " + MAX_TIMEOUT + ", got " + timeout);
    }
    if (maxOutput != null && (maxOutput.toBytes() < 256 || maxOutput.compareTo(MAX_OUTPUT) > 0)) {
      problems.add("max-output must be between 256B and " + MAX_OUTPUT.toMegabytes() + "MB, got " + maxOutput);
    }
    try {
      RetryPolicy.parse(retry);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }
}
