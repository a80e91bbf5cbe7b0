package io.runbook.automation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.system.ApplicationHome;

/**
 * Where an action's files are, whatever directory the application was started in. Relative paths
 * of an action (its executable, its working directory) are taken from the <em>base directory</em>
 * ({@code runbook.automation.base-dir}; default: the application's home, see
 * {@link #applicationHome}), and an action without a working directory runs in the base directory,
 * so {@code bash demo/scripts/health.sh} finds its script too.
 *
 * <p>An action resolves when its executable is a bare name found on the {@code PATH}, or a path to
 * an executable file; when it is a script interpreter ({@link #INTERPRETERS}), its script (the first
 * argument that is not an option) must be a file too; and its working directory must exist.
 */
public final class ActionLocations {

  /** Executables whose first non-option argument is a script file to check. */
  static final Set<String> INTERPRETERS =
      Set.of("sh", "bash", "dash", "zsh", "ksh", "python", "python3", "node", "perl", "ruby");
  /** Options after which the interpreter's argument is code, not a file. */
  private static final Set<String> INLINE_CODE = Set.of("-c", "-e", "-m", "--eval", "-E");

  private final Path baseDir;
  private final List<Path> searchPath;

  /**
   * @param baseDir absolute directory relative paths are taken from
   * @param searchPath the {@code PATH} the executable is looked up in (the application's own: the
   *     operating system starts the process with it)
   */
  public ActionLocations(Path baseDir, String searchPath) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
    this.searchPath = searchPath == null ? List.of() : Arrays.stream(searchPath.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty()).map(Path::of).toList();
  }

  /**
   * The directory the application runs from: the directory of its jar, or of its classes; when that
   * is Maven's build output ({@code <project>/target/classes}, {@code <project>/target/runbook.jar}),
   * the project directory, so {@code mvn spring-boot:run} and {@code java -jar target/runbook.jar}
   * from any directory find the repository's {@code demo/scripts}.
   */
  public static Path applicationHome(Class<?> source) {
    Path dir = new ApplicationHome(source).getDir().toPath().toAbsolutePath().normalize();
    if (isNamed(dir, "classes") && isNamed(dir.getParent(), "target")) {
      return dir.getParent().getParent();
    }
    if (isNamed(dir, "target") && dir.getParent() != null) {
      return dir.getParent();
    }
    return dir;
  }

  private static boolean isNamed(Path dir, String name) {
    return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals(name);
  }

  public Path baseDir() {
    return baseDir;
  }

  /** The action as it runs: a path-like executable and the working directory made absolute. */
  public ActionDefinition locate(ActionDefinition action) {
    List<String> command = new ArrayList<>(action.command());
    if (command.get(0).contains("/")) {
      command.set(0, baseDir.resolve(command.get(0)).normalize().toString());
    }
    return new ActionDefinition(command, workingDirectory(action), action.environment(), action.timeout(),
        action.maxOutput(), action.retry());
  }

  private Path workingDirectory(ActionDefinition action) {
    return action.workingDirectory() == null ? baseDir : baseDir.resolve(action.workingDirectory()).normalize();
  }

  /** What keeps the action from starting, one sentence each; empty when it resolves. */
  public List<String> problems(ActionDefinition action) {
    List<String> problems = new ArrayList<>();
    Path directory = workingDirectory(action);
    if (!Files.isDirectory(directory)) {
      problems.add("its working directory " + directory + " does not exist");
    }
    String executable = action.command().get(0);
    if (executable.contains("/")) {
      Path file = baseDir.resolve(executable).normalize();
      if (!Files.isRegularFile(file)) {
        problems.add("its executable " + file + " does not exist");
      } else if (!Files.isExecutable(file)) {
        problems.add("its executable " + file + " is not executable (chmod +x)");
      }
    } else if (onPath(executable).isEmpty()) {
      problems.add("its executable '" + executable + "' is not on the PATH (" + searchPathText() + ")");
    }
    script(action).ifPresent(script -> {
      Path file = directory.resolve(script).normalize();
      if (!Files.isRegularFile(file)) {
        problems.add("its script " + file + " does not exist");
      }
    });
    return problems;
  }

  Optional<Path> onPath(String name) {
    return searchPath.stream().map(dir -> dir.resolve(name))
        .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate)).findFirst();
  }

  /** The script an interpreter is given, if the command is an interpreter with a script file. */
  static Optional<String> script(ActionDefinition action) {
    List<String> command = action.command();
    String executable = Path.of(command.get(0)).getFileName().toString();
    if (!INTERPRETERS.contains(executable)) {
      return Optional.empty();
    }
    for (String argument : command.subList(1, command.size())) {
      if (INLINE_CODE.contains(argument)) {
        return Optional.empty();
      }
      if (!argument.startsWith("-")) {
        return Optional.of(argument);
      }
    }
    return Optional.empty();
  }

  private String searchPathText() {
    return searchPath.isEmpty() ? "empty" : String.join(File.pathSeparator, searchPath.stream().map(Path::toString).toList());
  }
}
