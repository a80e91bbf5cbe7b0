package io.runbook.bench;

import io.runbook.testing.RunbookNode;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The product as the benchmarks start it: a {@link RunbookNode} (its own JVM, readiness, log, stop)
 * with the options every load-from-outside benchmark shares (docs/benchmarks.md).
 */
public final class BenchServer {

  private BenchServer() {}

  /**
   * A server process, not started yet: the JVM options of {@code bench.server-jvm-args} (separated by
   * spaces; none by default, not RunbookNode's small ones), {@code -jar} with {@code bench.jar} or else
   * {@code target/classes} (an earlier build's with {@code bench.server-classes}) and this JVM's
   * dependencies, the demo profile, mail to {@code 127.0.0.1:smtpPort}, a free port, and
   * {@code bench.server-args} (separated by commas) after every other argument. The log is
   * {@code <directory>/<name>.log}; {@code runbook.node-id} is the application's default.
   */
  public static RunbookNode.Builder builder(String name, Path directory, int smtpPort) {
    RunbookNode.Builder server = RunbookNode.builder(name).applicationNodeId().logDirectory(directory)
        .jvmOptions(split(System.getProperty("bench.server-jvm-args", ""), "\\s+"))
        .property("spring.profiles.active", "demo")
        .property("spring.mail.host", "127.0.0.1")
        .property("spring.mail.port", smtpPort);
    String jar = System.getProperty("bench.jar");
    if (jar != null) {
      server.jar(jar);
    } else {
      server.classPath(serverClassPath());
    }
    split(System.getProperty("bench.server-args", ""), ",").forEach(server::argument);
    return server;
  }

  private static List<String> split(String value, String separator) {
    return Arrays.stream(value.split(separator)).map(String::trim).filter(part -> !part.isEmpty()).toList();
  }

  /**
   * target/classes and the dependencies this JVM was given (exec:java's class loader; Maven's own
   * class path is in java.class.path), without the test classes.
   */
  private static String serverClassPath() {
    List<String> entries = new ArrayList<>();
    String replaced = System.getProperty("bench.server-classes");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    while (loader != null) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          String path = new File(URI.create(url.toString())).getPath();
          if (replaced != null && new File(path).equals(new File("target/classes").getAbsoluteFile())) {
            path = replaced; // an earlier build's classes, for a before/after comparison
          }
          if (!path.endsWith("test-classes") && !path.endsWith("test-classes" + File.separator) && !entries.contains(path)) {
            entries.add(path);
          }
        }
      }
      loader = loader.getParent();
    }
    return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
  }
}
