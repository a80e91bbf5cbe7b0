package io.runbook.detection.bench;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.RunbookApplication;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Alert ingestion benchmark against the embedded default (H2 file database with WRITE_DELAY=0, job
 * executor on, demo profile) started on its own port in this JVM. Not a test: run it with
 * {@code mvn -B -q -Pbenchmark test-compile exec:java} (see docs/benchmarks.md). Prints, from one run:
 * the baseline rate of starting a one-user-task process through /engine-rest, new-incident alerts
 * per second, duplicate alerts per second, p50/p99 latency of each, and checks that 10,000 alerts
 * across 100 keys open exactly 100 incidents.
 */
public final class DetectionBenchmark {

  private static final String ROUTING_KEY = "demo0pagerduty0integration0key00";
  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private final String host = "127.0.0.1";
  private final int port;
  private final int clients;
  private final AtomicInteger retries = new AtomicInteger();

  private DetectionBenchmark(int port, int clients) {
    this.port = port;
    this.clients = clients;
  }

  /** Throughput and latencies of one phase. */
  record Result(String name, int requests, double seconds, long[] latenciesNanos, long cpuNanos) {
    double perSecond() {
      return requests / seconds;
    }

    /** CPU time of the whole JVM (server, client threads, background work) per request. */
    double cpuMillisPerRequest() {
      return cpuNanos / 1e6 / requests;
    }

    double percentileMillis(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1_000_000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    int clients = Integer.parseInt(System.getProperty("bench.clients", "32"));
    int baselineStarts = Integer.parseInt(System.getProperty("bench.baseline", "2000"));
    int newIncidents = Integer.parseInt(System.getProperty("bench.new", "1000"));
    int duplicates = Integer.parseInt(System.getProperty("bench.duplicates", "10000"));
    int stormAlerts = Integer.parseInt(System.getProperty("bench.storm", "10000"));
    int references = Integer.parseInt(System.getProperty("bench.reference", "500"));
    Path data = Files.createTempDirectory("runbook-bench");
    // New SEV-1/2 incidents page the on-call by e-mail: a real SMTP server takes that mail, as in
    // production (without one, every page fails, retries and logs, and that is what gets measured).
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class)
        .profiles("demo")
        // Command-line arguments: they take precedence over application.yml.
        .run("--server.port=0",
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("runbook") + ";"
                + System.getProperty("bench.h2-options", "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"),
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtp.getSmtp().getPort(),
            "--logging.level.root=WARN");
    int code = 1;
    try {
      String port = app.getEnvironment().getProperty("local.server.port");
      deployBaselineProcess(app.getBean(RepositoryService.class));
      DetectionBenchmark bench = new DetectionBenchmark(Integer.parseInt(port), clients);
      code = bench.run(app, baselineStarts, newIncidents, duplicates, stormAlerts, references);
    } finally {
      app.close();
      smtp.stop();
      FileSystemUtils.deleteRecursively(data);
    }
    System.exit(code);
  }

  private static void deployBaselineProcess(RepositoryService repository) {
    BpmnModelInstance model = Bpmn.createExecutableProcess("bench-one-task")
        .camundaHistoryTimeToLive(1)
        .startEvent().userTask("Work").camundaCandidateGroups("responders").endEvent().done();
    repository.createDeployment().addModelInstance("bench-one-task.bpmn", model).name("benchmark").deploy();
  }

  private int run(ConfigurableApplicationContext app, int baselineStarts, int newIncidents, int duplicates, int stormSize,
      int references) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    RuntimeService runtime = app.getBean(RuntimeService.class);
    ManagementService management = app.getBean(ManagementService.class);
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "5"));

    System.out.printf(Locale.ROOT, "Warming up (%d client threads)...%n", clients);
    // Warm-up: the JIT compiles both paths before anything is measured.
    for (int w = 0; w < 4; w++) {
      int round = w;
      phase("warm-up starts", 500, i -> startBaseline());
      phase("warm-up new", 200, i -> trigger("warm-" + run + "-" + round + "-" + i));
      phase("warm-up duplicates", 2000, i -> trigger("warm-" + run + "-" + round + "-" + (i % 50)));
    }
    // The 100 keys the duplicates go to: their incidents are open before measuring.
    phase("open the duplicate keys", 100, i -> trigger("dup-" + run + "-" + i));
    awaitSync(jdbc);

    // Rounds interleave the three kinds of work, so that load from outside the benchmark weighs on
    // the baseline and on the alerts alike; figures are totals over all rounds.
    List<Result> baselines = new ArrayList<>();
    List<Result> freshes = new ArrayList<>();
    List<Result> dups = new ArrayList<>();
    List<Result> refs = new ArrayList<>();
    AtomicInteger freshKey = new AtomicInteger();
    AtomicInteger dupKey = new AtomicInteger();
    List<Double> catchUpSeconds = new ArrayList<>();
    List<Settled> followUps = new ArrayList<>();
    settle(management);
    for (int round = 1; round <= rounds; round++) {
      baselines.add(phase("baseline", baselineStarts / rounds, i -> startBaseline()));
      freshes.add(phase("new", newIncidents / rounds, i -> trigger("new-" + run + "-" + freshKey.getAndIncrement())));
      followUps.add(settle(management));
      refs.add(phase("reference", references / rounds, i -> startIncidentProcess("ref-" + run + "-" + i)));
      settle(management);
      dups.add(phase("duplicate", duplicates / rounds, i -> trigger("dup-" + run + "-" + (dupKey.getAndIncrement() % 100))));
      // The processes' last update for the round's duplicates is not charged to the next round's baseline.
      long catchUp = System.nanoTime();
      awaitSync(jdbc);
      catchUpSeconds.add((System.nanoTime() - catchUp) / 1e9);
      System.out.printf(Locale.ROOT, "round %d: baseline %.1f/s, new %.1f/s (%.2fx), duplicates %.1f/s (%.1fx)%n", round,
          last(baselines).perSecond(), last(freshes).perSecond(), last(freshes).perSecond() / last(baselines).perSecond(),
          last(dups).perSecond(), last(dups).perSecond() / last(baselines).perSecond());
    }
    Result baseline = total("baseline: start one-user-task process via /engine-rest", baselines);
    Result fresh = total("new-incident alerts (each a new dedup key)", freshes);
    Result dup = total("duplicate alerts (100 keys with open incidents)", dups);
    Result ref = total("reference: the incident process started via /engine-rest", refs);
    double syncSeconds = catchUpSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stormSize; i++) {
      order.add(i % 100);
    }
    Collections.shuffle(order, new Random(42));
    settle(management);
    Result storm = phase("storm: " + stormSize + " alerts across 100 new keys, shuffled", order.size(),
        i -> trigger("storm-" + run + "-" + order.get(i)));
    awaitSync(jdbc);
    Integer stormIncidents = jdbc.queryForObject(
        "SELECT COUNT(*) FROM rb_incident_registry WHERE dedup_key LIKE ?", Integer.class, "storm-" + run + "-%");
    Integer stormAlerts = jdbc.queryForObject(
        "SELECT COUNT(*) FROM rb_alert a JOIN rb_incident_registry r ON a.incident_id = r.incident_id"
            + " WHERE r.dedup_key LIKE ?", Integer.class, "storm-" + run + "-%");
    long stormProcesses = runtime.createProcessInstanceQuery().processDefinitionKey("incident-response")
        .variableValueLike("dedupKey", "storm-" + run + "-%").count();
    Long countedOnProcesses = jdbc.queryForObject(
        "SELECT SUM(v.LONG_) FROM ACT_RU_VARIABLE v JOIN ACT_RU_EXECUTION e ON v.EXECUTION_ID_ = e.ID_"
            + " JOIN rb_incident_registry r ON e.BUSINESS_KEY_ = r.incident_id"
            + " WHERE v.NAME_ = 'alertCount' AND e.ID_ = e.PROC_INST_ID_ AND r.dedup_key LIKE ?",
        Long.class, "storm-" + run + "-%");

    System.out.println();
    System.out.printf(Locale.ROOT, "%-58s %9s %10s %9s %9s %11s%n", "phase", "requests", "per second", "p50 ms", "p99 ms",
        "CPU ms/req");
    for (Result r : List.of(baseline, fresh, dup, storm, ref)) {
      System.out.printf(Locale.ROOT, "%-58s %9d %10.1f %9.2f %9.2f %11.3f%n", r.name(), r.requests(), r.perSecond(),
          r.percentileMillis(50), r.percentileMillis(99), r.cpuMillisPerRequest());
    }
    double newRatio = fresh.perSecond() / baseline.perSecond();
    double dupRatio = dup.perSecond() / baseline.perSecond();
    boolean ok = true;
    System.out.println();
    ok &= report(String.format(Locale.ROOT, "new-incident alerts / baseline starts = %.2f (target >= 0.5)", newRatio), newRatio >= 0.5);
    ok &= report(String.format(Locale.ROOT, "duplicate alerts / baseline starts = %.2f (target >= 10)", dupRatio), dupRatio >= 10);
    ok &= report("storm: " + stormIncidents + " incidents, " + stormProcesses + " incident processes for 100 keys (target exactly 100)",
        stormIncidents == 100 && stormProcesses == 100);
    ok &= report("storm: " + stormAlerts + " alerts recorded, " + countedOnProcesses + " counted on the processes (target " + stormSize + ")",
        stormAlerts == stormSize && countedOnProcesses != null && countedOnProcesses == stormSize);
    System.out.printf(Locale.ROOT, "reference: new-incident alerts / the incident process itself started via /engine-rest"
        + " (message AlertReceived, same variables) = %.2f%n", fresh.perSecond() / ref.perSecond());
    System.out.printf(Locale.ROOT, "CPU cost relative to a baseline start (independent of other load on the machine):"
        + " new incident %.2fx as costly, duplicate %.1fx cheaper%n",
        fresh.cpuMillisPerRequest() / baseline.cpuMillisPerRequest(), baseline.cpuMillisPerRequest() / dup.cpuMillisPerRequest());
    System.out.printf(Locale.ROOT, "incident processes caught up with a round's duplicates at most %.2f s after the last was"
        + " accepted (runbook.detection.sync-delay: 5 s)%n", syncSeconds);
    double followUpCpu = followUps.stream().mapToLong(Settled::cpuNanos).sum() / 1e6 / fresh.requests();
    System.out.printf(Locale.ROOT, "new incidents' asynchronous follow-up (paging the on-call by e-mail, escalation set-up),"
        + " run by the job executor between phases and charged to no phase: %.1f ms CPU per incident, at most %.2f s per round;"
        + " with it a new incident costs %.2fx a baseline start%n", followUpCpu,
        followUps.stream().mapToDouble(Settled::seconds).max().orElse(0),
        (fresh.cpuMillisPerRequest() + followUpCpu) / baseline.cpuMillisPerRequest());
    System.out.println("503 answers retried: " + retries.get());
    return ok ? 0 : 1;
  }

  private static Result last(List<Result> results) {
    return results.get(results.size() - 1);
  }

  private static Result total(String name, List<Result> rounds) {
    int requests = rounds.stream().mapToInt(Result::requests).sum();
    double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
    long[] latencies = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).toArray();
    long cpu = rounds.stream().mapToLong(Result::cpuNanos).sum();
    return new Result(name, requests, seconds, latencies, cpu);
  }

  private static boolean report(String line, boolean ok) {
    System.out.println((ok ? "PASS " : "FAIL ") + line);
    return ok;
  }

  /** Background work the job executor did between phases. */
  record Settled(double seconds, long cpuNanos) {}

  /**
   * Waits until the job executor has no due job left (the pages and other asynchronous work that
   * new incidents leave behind), so that it is not charged to the next phase.
   */
  private static Settled settle(ManagementService management) {
    long cpuStart = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    await("the job executor to run every due job").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> management.createJobQuery().executable().count() == 0);
    return new Settled((System.nanoTime() - start) / 1e9, CPU.getProcessCpuTime() - cpuStart);
  }

  private void awaitSync(JdbcTemplate jdbc) {
    await("the alert sync to catch up").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> jdbc.queryForObject(
            "SELECT COUNT(*) FROM rb_incident_registry r WHERE r.state = 'open' AND EXISTS (SELECT 1 FROM rb_alert a"
                + " WHERE a.incident_id = r.incident_id AND a.id > r.applied_alert_id AND a.effective = TRUE)",
            Integer.class) == 0);
  }

  private Result phase(String name, int requests, IntFunction<Post> request) throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long cpuStart = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        try (Connection connection = new Connection(host, port)) {
          int i;
          while ((i = next.getAndIncrement()) < requests) {
            Post post = request.apply(i);
            long t0 = System.nanoTime();
            send(connection, post);
            latencies[i] = System.nanoTime() - t0;
          }
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = CPU.getProcessCpuTime() - cpuStart;
    pool.shutdown();
    return new Result(name, requests, seconds, latencies, cpu);
  }

  private void send(Connection connection, Post post) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int status = connection.post(post);
      if (status / 100 == 2) {
        return;
      }
      if (status != 503) {
        throw new IllegalStateException(post.path() + " answered " + status + ": " + connection.lastBody());
      }
      retries.incrementAndGet();
      Thread.sleep(50);
    }
    throw new IllegalStateException(post.path() + " kept answering 503");
  }

  /** A POST with a JSON body. */
  record Post(String path, String authorization, byte[] body) {}

  private Post startBaseline() {
    return new Post("/engine-rest/process-definition/key/bench-one-task/start", ADMIN,
        "{\"variables\":{\"title\":{\"value\":\"benchmark\"}}}".getBytes(StandardCharsets.UTF_8));
  }

  /** What ingestion does for a new incident, minus ingestion: the message start through Camunda's REST API. */
  private Post startIncidentProcess(String dedupKey) {
    String variables = "{\"source\":{\"value\":\"monitoring\"},\"title\":{\"value\":\"Error rate above 5% on checkout\"},"
        + "\"description\":{\"value\":\"Source: checkout-1\\nComponent: checkout\"},\"proposedSeverity\":{\"value\":\"SEV-2\"},"
        + "\"securityRelated\":{\"value\":false},\"dedupKey\":{\"value\":\"" + dedupKey + "\"},"
        + "\"alertCount\":{\"value\":1,\"type\":\"Integer\"},"
        + "\"lastAlertAt\":{\"value\":\"2026-01-01T00:00:00.000+0000\",\"type\":\"Date\"},"
        + "\"alertSummary\":{\"value\":\"1 alert, last at 2026-01-01 00:00:00 UTC\"}}";
    return new Post("/engine-rest/message", ADMIN, ("{\"messageName\":\"AlertReceived\",\"processVariables\":" + variables + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private Post trigger(String dedupKey) {
    String event = "{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedupKey
        + "\",\"payload\":{\"summary\":\"Error rate above 5% on checkout\",\"source\":\"checkout-1\","
        + "\"severity\":\"error\",\"component\":\"checkout\"}}";
    return new Post("/api/events/v2/enqueue", null, event.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A minimal HTTP/1.1 client on one kept-alive connection per client thread: the load generator
   * shares the machine with the server, so it should cost as little as possible (as wrk or ab
   * would), for the baseline and the alerts alike.
   */
  static final class Connection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;
    private String lastBody = "";

    Connection(String host, int port) {
      this.host = host;
      this.port = port;
    }

    int post(Post post) throws IOException {
      for (int attempt = 0; ; attempt++) {
        if (socket == null) {
          socket = new Socket(host, port);
          socket.setTcpNoDelay(true);
          in = new BufferedInputStream(socket.getInputStream(), 16384);
          out = new BufferedOutputStream(socket.getOutputStream(), 16384);
        }
        try {
          StringBuilder head = new StringBuilder(256)
              .append("POST ").append(post.path()).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
              .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(post.body().length).append("\r\n");
          if (post.authorization() != null) {
            head.append("Authorization: ").append(post.authorization()).append("\r\n");
          }
          out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
          out.write(post.body());
          out.flush();
          return readResponse();
        } catch (IOException closedByServer) {
          close();
          if (attempt > 0) {
            throw closedByServer;
          }
        }
      }
    }

    private int readResponse() throws IOException {
      String statusLine = readLine();
      if (statusLine == null) {
        throw new IOException("connection closed");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      boolean closing = false;
      String line;
      while ((line = readLine()) != null && !line.isEmpty()) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closing = true;
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        int size;
        while ((size = Integer.parseInt(readLine().trim(), 16)) > 0) {
          body.write(in.readNBytes(size));
          readLine();
        }
        readLine();
      } else if (length > 0) {
        body.write(in.readNBytes(length));
      }
      lastBody = body.toString(StandardCharsets.UTF_8);
      if (closing) {
        close();
      }
      return status;
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        line.append((char) c);
      }
      return line.length() == 0 ? null : line.toString();
    }

    String lastBody() {
      return lastBody;
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        socket = null;
      }
    }
  }

}
