package io.runbook.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One Runbook node as a separate JVM, for tests and benchmarks that need real nodes: several nodes on
 * one database, a node killed with {@code kill -9}, load driven from outside the server's JVM.
 *
 * <p>It runs {@code io.runbook.RunbookApplication} with {@code java -cp}: the application's classes
 * ({@code target/classes}) and its dependencies from the calling JVM's class path, without
 * {@code target/test-classes}, so the node sees exactly the configuration the packaged jar has (no
 * {@code application-test.yml}, no test beans) plus the properties given here as command-line
 * arguments. Not the packaged jar: it exists only after {@code package}, after the test phase, and
 * the classes are the same. The node's output goes to {@code target/nodes/<node-id>.log}. The
 * benchmarks (src/bench/java) start the product through it too, with their own JVM options, a jar
 * ({@link Builder#jar}) or their class path, and extra raw arguments.
 *
 * <pre>{@code
 * try (RunbookNode node = RunbookNode.builder("node-a")
 *     .database("jdbc:postgresql://localhost:5432/postgres", "postgres", "")
 *     .property("spring.profiles.active", "demo")
 *     .start()) {
 *   node.awaitReady(Duration.ofMinutes(2));
 *   // node.baseUrl() ... node.kill() ...
 * }
 * }</pre>
 */
public final class RunbookNode implements AutoCloseable {

  public static final String MAIN_CLASS = "io.runbook.RunbookApplication";

  private final String nodeId;
  private final int port;
  private final Path log;
  private final Process process;
  private final List<String> command;

  private RunbookNode(String nodeId, int port, Path log, Process process, List<String> command) {
    this.nodeId = nodeId;
    this.port = port;
    this.log = log;
    this.process = process;
    this.command = command;
  }

  public static Builder builder(String nodeId) {
    return new Builder(nodeId);
  }

  /** How to start a node. */
  public static final class Builder {
    private final String nodeId;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of(
        // Small and quick to start: a test machine runs several nodes beside the test JVM.
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
    private int port;
    private Path directory = Path.of("target", "nodes");
    private String classPath;
    private String jar;
    private boolean passNodeId = true;

    private Builder(String nodeId) {
      this.nodeId = nodeId;
    }

    /** The node's database (spring.datasource.*). */
    public Builder database(String url, String user, String password) {
      return property("spring.datasource.url", url).property("spring.datasource.username", user)
          .property("spring.datasource.password", password == null ? "" : password);
    }

    /** A Spring property, given as {@code --name=value}. */
    public Builder property(String name, Object value) {
      properties.put(name, String.valueOf(value));
      return this;
    }

    public Builder properties(Map<String, ?> values) {
      values.forEach(this::property);
      return this;
    }

    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    /** The JVM's options instead of the small defaults (a benchmark measures the JVM as it is run). */
    public Builder jvmOptions(List<String> options) {
      jvmOptions.clear();
      jvmOptions.addAll(options);
      return this;
    }

    /** A command-line argument as given, after the properties (a benchmark's {@code bench.server-args}). */
    public Builder argument(String value) {
      arguments.add(value);
      return this;
    }

    /** Runs {@code java -jar <path>} (the packaged product) instead of the class path. */
    public Builder jar(String path) {
      this.jar = path;
      return this;
    }

    /**
     * Leaves {@code runbook.node-id} to the application's default (host name and port); the
     * builder's id then only names the log.
     */
    public Builder applicationNodeId() {
      this.passNodeId = false;
      return this;
    }

    /** The HTTP port; default a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /**
     * The class path to run the node with; default the calling JVM's without the test classes
     * ({@link #applicationClassPath()}). A caller whose own class path is not the application's
     * (Maven's {@code exec:java}) passes it, e.g. {@code target/classes} plus the dependencies from
     * {@code mvn dependency:build-classpath}.
     */
    public Builder classPath(String value) {
      this.classPath = value;
      return this;
    }

    /** Where the log goes ({@code <directory>/<node-id>.log}); default {@code target/nodes}. */
    public Builder logDirectory(Path value) {
      this.directory = value;
      return this;
    }

    public RunbookNode start() {
      int httpPort = port > 0 ? port : freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      if (jar != null) {
        command.addAll(List.of("-jar", jar));
      } else {
        command.addAll(List.of("-cp", classPath != null ? classPath : applicationClassPath(), MAIN_CLASS));
      }
      Map<String, String> all = new LinkedHashMap<>(properties);
      all.put("server.port", String.valueOf(httpPort));
      if (passNodeId) {
        all.put("runbook.node-id", nodeId);
      }
      all.forEach((name, value) -> command.add("--" + name + "=" + value));
      command.addAll(arguments);
      try {
        Files.createDirectories(directory);
        Path log = directory.resolve(nodeId + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new RunbookNode(nodeId, httpPort, log, process, List.copyOf(command));
      } catch (IOException e) {
        throw new UncheckedIOException("could not start node " + nodeId, e);
      }
    }
  }

  public String nodeId() {
    return nodeId;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** The command the node was started with. */
  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code /actuator/health/readiness} answers 200; fails early, with the log's tail, when
   * the process ends first or the time is up.
   */
  public RunbookNode awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + nodeId + " exited with " + process.exitValue() + " before it was ready:\n"
            + tail(40));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for node " + nodeId, e);
      }
      try {
        process.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for node " + nodeId, e);
      }
    }
    throw new IllegalStateException("node " + nodeId + " not ready after " + timeout + ":\n" + tail(40));
  }

  /**
   * Waits until the log has a line containing {@code text} (for example Camunda's
   * {@code STARTER-SB021 Auto-Deploying}: the engine's schema exists, a second node may start).
   */
  public RunbookNode awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (logLines(text).isEmpty()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + nodeId + " never logged '" + text + "':\n" + tail(40));
      }
      try {
        process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for node " + nodeId, e);
      }
    }
    return this;
  }

  /** Stops the nodes together (SIGTERM to all, then waits), so their shutdowns overlap. */
  public static void stopAll(Duration timeout, RunbookNode... nodes) {
    for (RunbookNode node : nodes) {
      if (node != null && node.process.isAlive()) {
        node.process.destroy();
      }
    }
    for (RunbookNode node : nodes) {
      if (node != null && !node.waitForExit(timeout)) {
        node.kill();
      }
    }
  }

  /** {@code kill -9}: no shutdown hook, no last commit, no goodbye to the database. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  /** A normal stop (SIGTERM): the application shuts down, then the process ends. */
  public void stop(Duration timeout) {
    process.destroy();
    if (!waitForExit(timeout)) {
      kill();
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last {@code lines} lines of the node's log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The node's log lines containing {@code text}. */
  public List<String> logLines(String text) {
    try (var stream = Files.lines(log)) {
      return stream.filter(line -> line.contains(text)).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(20));
    }
  }

  /**
   * The application's class path as the calling JVM has it, without the test classes: surefire
   * passes the test class path in {@code surefire.test.class.path} (its own JVM's class path is a
   * manifest-only jar), an IDE in {@code java.class.path}.
   */
  static String applicationClassPath() {
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
    }
    String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
    String application = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(testClasses))
        .collect(Collectors.joining(File.pathSeparator));
    if (!application.contains("spring-boot") || !application.contains("classes")) {
      throw new IllegalStateException("this JVM's class path is not the application's (" + classPath.length()
          + " characters, no Spring Boot or no target/classes): give RunbookNode.Builder.classPath(...)");
    }
    return application;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
