package io.runbook.automation;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one action as an operating-system process, without a shell: the configured argument list
 * goes to {@link ProcessBuilder} as it is. The process gets an empty environment plus the
 * inherited names, the action's own variables and the validated {@code INCIDENT_*} values; its
 * stdin is closed; stdout and stderr are read concurrently and cut to {@code max-output}.
 *
 * <p>A run that exceeds its timeout is killed with its whole process tree: every descendant seen
 * while it ran (so also children that were re-parented after their parent died) and every
 * descendant present at the end, parents before children so none can spawn replacements.
 */
public class ActionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
  private static final long POLL_MILLIS = 100;

  private final Map<String, String> parentEnvironment;
  private final List<String> inheritedEnvironment;
  private final Duration streamGrace;

  /**
   * @param parentEnvironment the application's environment ({@link System#getenv()})
   * @param inheritedEnvironment which of its names a script receives
   * @param streamGrace how long to wait for output after the process ended, when a background
   *     process it left behind keeps the stream open
   */
  public ActionRunner(Map<String, String> parentEnvironment, List<String> inheritedEnvironment, Duration streamGrace) {
    this.parentEnvironment = Map.copyOf(parentEnvironment);
    this.inheritedEnvironment = List.copyOf(inheritedEnvironment);
    this.streamGrace = streamGrace;
  }

  /** The environment a run of {@code action} gets. */
  Map<String, String> environment(ActionDefinition action, Map<String, String> incidentEnvironment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : inheritedEnvironment) {
      String value = parentEnvironment.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(action.environment());
    env.putAll(incidentEnvironment);
    return env;
  }

  public ActionResult run(String name, ActionDefinition action, Map<String, String> incidentEnvironment) {
    String commandLine = ActionResult.commandLine(action.command());
    ProcessBuilder builder = new ProcessBuilder(action.command());
    if (action.workingDirectory() != null) {
      builder.directory(action.workingDirectory().toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(environment(action, incidentEnvironment));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));

    int limit = (int) action.maxOutput().toBytes();
    OutputCapture stdout = new OutputCapture(limit);
    OutputCapture stderr = new OutputCapture(limit);
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      return new ActionResult(name, commandLine, ActionResult.Outcome.NOT_STARTED, null, elapsed(started), "", "",
          e.getMessage());
    }
    Thread out = drain(name + "-stdout", stdout, process);
    Thread err = drain(name + "-stderr", stderr, process);

    Set<ProcessHandle> seen = new LinkedHashSet<>();
    long deadline = started + action.timeout().toNanos();
    boolean exited = false;
    try {
      while (!exited) {
        process.descendants().forEach(seen::add);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        exited = process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    Duration took = elapsed(started);
    String problem = null;
    if (!exited) {
      int killed = killTree(process, seen);
      problem = "exceeded its timeout of " + action.timeout() + "; killed " + killed + " process(es)";
      LOG.warn("Action {} {}", name, problem);
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    boolean streamsComplete = finish(out, process, true) & finish(err, process, false);
    String stdoutText = stdout.text();
    if (!streamsComplete) {
      stdoutText += "\n[... output still open " + streamGrace.toSeconds()
          + " s after the command ended (a background process holds it): not read further ...]\n";
    }
    Integer exitCode = process.isAlive() ? null : process.exitValue();
    ActionResult.Outcome outcome = !exited ? ActionResult.Outcome.TIMED_OUT
        : exitCode == 0 ? ActionResult.Outcome.SUCCEEDED : ActionResult.Outcome.FAILED;
    return new ActionResult(name, commandLine, outcome, exitCode, took, stdoutText, stderr.text(), problem);
  }

  private static Thread drain(String name, OutputCapture capture, Process process) {
    Thread thread = new Thread(
        () -> capture.drain(name.endsWith("stdout") ? process.getInputStream() : process.getErrorStream()),
        "action-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits for a reader; closes its stream when it is held open. True when the stream was read to its end. */
  private boolean finish(Thread reader, Process process, boolean stdout) {
    try {
      reader.join(streamGrace.toMillis());
      if (reader.isAlive()) {
        (stdout ? process.getInputStream() : process.getErrorStream()).close();
        reader.join(200);
        return false;
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      return false;
    }
    return true;
  }

  /** Kills the process, its descendants and every descendant seen earlier; returns how many were alive. */
  static int killTree(Process process, Set<ProcessHandle> seen) {
    Deque<ProcessHandle> pending = new ArrayDeque<>();
    pending.add(process.toHandle());
    pending.addAll(seen);
    Set<Long> done = new HashSet<>();
    int killed = 0;
    while (!pending.isEmpty() && done.size() < 10_000) {
      ProcessHandle handle = pending.poll();
      if (!done.add(handle.pid())) {
        continue;
      }
      // Its children while it is still alive, then it: parents first, so nothing spawns a replacement.
      List<ProcessHandle> children = handle.children().toList();
      if (handle.isAlive() && handle.destroyForcibly()) {
        killed++;
      }
      pending.addAll(children);
    }
    return killed;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
