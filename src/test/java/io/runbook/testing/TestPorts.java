package io.runbook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Free loopback ports for the test SMTP server and chat webhook, chosen once per test JVM, so test
 * runs of several worktrees on one machine do not collide. Every test application context sees them
 * as {@code runbook.test.smtp-port} and {@code runbook.test.webhook-port}.
 */
public final class TestPorts implements EnvironmentPostProcessor {

  public static final int SMTP = freePort();
  public static final int WEBHOOK = freePort();

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource("runbook-test-ports",
        Map.of("runbook.test.smtp-port", SMTP, "runbook.test.webhook-port", WEBHOOK)));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
