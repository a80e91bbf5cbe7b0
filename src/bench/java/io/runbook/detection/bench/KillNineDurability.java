package io.runbook.detection.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.testing.RunbookNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.FileSystemUtils;

/**
 * A real crash: runs the packaged product ({@code java -jar target/runbook-*.jar}) on an H2 file
 * database, sends alerts from 16 threads, kills the process with {@code kill -9} in the middle of
 * it, starts the jar again on the same database and checks that every alert answered 202 before the
 * kill is on its incident. Not a test; see docs/benchmarks.md for the command.
 */
public final class KillNineDurability {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "demo-generic-alert-token";
  private static final String PERSON =
      "Basic " + Base64.getEncoder().encodeToString("responder:responder".getBytes(StandardCharsets.UTF_8));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    System.exit(new KillNineDurability().run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    File jar = findJar();
    Path data = Files.createTempDirectory("runbook-kill9");
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    String url = "jdbc:h2:file:" + data.resolve("runbook") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try {
      RunbookNode first = start(jar, port, url, data, "first");
      Map<String, AtomicInteger> acceptedPerIncident = new ConcurrentHashMap<>();
      AtomicLong accepted = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicBoolean killed = new AtomicBoolean();
      ExecutorService senders = Executors.newFixedThreadPool(16);
      AtomicInteger sequence = new AtomicInteger();
      for (int t = 0; t < 16; t++) {
        senders.submit(() -> {
          while (!killed.get()) {
            int n = sequence.incrementAndGet();
            String body = "{\"title\":\"kill -9 probe\",\"dedupKey\":\"kill9-" + (n % 50) + "\",\"severity\":\"warning\"}";
            try {
              HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/alerts"))
                  .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (answer.statusCode() == 202) {
                String incidentId = JSON.readTree(answer.body()).path("incidentId").asText();
                acceptedPerIncident.computeIfAbsent(incidentId, k -> new AtomicInteger()).incrementAndGet();
                accepted.incrementAndGet();
              } else {
                refused.incrementAndGet();
              }
            } catch (IOException | InterruptedException connectionLost) {
              refused.incrementAndGet();
            }
          }
        });
      }
      Thread.sleep(Long.getLong("kill9.after-millis", 8000));
      long pid = first.pid();
      first.kill();
      killed.set(true);
      senders.shutdown();
      senders.awaitTermination(30, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "kill -9 %d after %d alerts answered 202 (%d refused or cut off)%n", pid,
          accepted.get(), refused.get());

      RunbookNode second = start(jar, port, url, data, "second");
      try {
        long found = 0;
        long missing = 0;
        for (Map.Entry<String, AtomicInteger> incident : acceptedPerIncident.entrySet()) {
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + incident.getKey()))
              .header("Authorization", PERSON).GET().build(), HttpResponse.BodyHandlers.ofString());
          int stored = answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("incident").path("alertCount").asInt() : 0;
          found += Math.min(stored, incident.getValue().get());
          missing += Math.max(0, incident.getValue().get() - stored);
        }
        boolean ok = missing == 0 && found == accepted.get();
        System.out.printf(Locale.ROOT, "after restart: %d of %d accepted alerts found on their %d incidents, %d missing: %s%n",
            found, accepted.get(), acceptedPerIncident.size(), missing, ok ? "PASS" : "FAIL");
        return ok;
      } finally {
        second.stop(Duration.ofSeconds(30));
      }
    } finally {
      FileSystemUtils.deleteRecursively(data);
    }
  }

  private static File findJar() {
    File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("runbook-") && name.endsWith(".jar")
        && !name.endsWith("-plain.jar") && !name.endsWith(".original"));
    if (jars == null || jars.length == 0) {
      throw new IllegalStateException("no target/runbook-*.jar: run mvn package first");
    }
    return jars[0];
  }

  /** The jar as it is, no JVM options, on the same port each time; {@code kill()} is {@code kill -9}. */
  private static RunbookNode start(File jar, int port, String url, Path logs, String name) {
    return RunbookNode.builder(name).jar(jar.getPath()).jvmOptions(List.of()).applicationNodeId().port(port)
        .property("spring.datasource.url", url).logDirectory(logs).start().awaitReady(Duration.ofMinutes(2));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
