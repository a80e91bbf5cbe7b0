package io.runbook.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives {@code runbook.node-id} its default ({@link NodeId}) when it is not configured: the host
 * name and the HTTP port, or the process id with a random port. Runs before logging starts, so the
 * logging pattern can name the node.
 */
public class NodeIdDefault implements EnvironmentPostProcessor, Ordered {

  static final int MAX_LENGTH = NodeId.MAX_LENGTH;

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.containsProperty(NodeId.PROPERTY) && !environment.getProperty(NodeId.PROPERTY, "").isBlank()) {
      return;
    }
    String port = environment.getProperty("server.port", "8080");
    String suffix = "0".equals(port) || port.startsWith("-") ? "pid" + ProcessHandle.current().pid() : port;
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(NodeId.PROPERTY, sanitize(hostName()) + ":" + suffix);
    environment.getPropertySources().addFirst(new MapPropertySource("runbookNodeIdDefault", defaults));
  }

  /** After the configuration files are read (they may set {@code server.port} or the id itself). */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException unknown) {
      return "localhost";
    }
  }

  static String sanitize(String host) {
    String clean = host.replaceAll("[^A-Za-z0-9._-]", "-");
    clean = clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0)) ? "node" + clean : clean;
    return clean.length() > MAX_LENGTH - 16 ? clean.substring(0, MAX_LENGTH - 16) : clean;
  }
}
