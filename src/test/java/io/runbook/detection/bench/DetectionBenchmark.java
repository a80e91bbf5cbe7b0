package io.runbook.detection.bench;

import io.runbook.RunbookApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code mvn -B -q -Pbenchmark test-compile exec:java} (see the README). Prints, from one run:
 * the baseline rate of starting a one-user-task process through /engine-rest, new-incident alerts
 * per second, duplicate alerts per second, p50/p99 latency of each, and checks that 10,000 alerts
 * across 100 keys open exactly 100 incidents.
 */
public final class DetectionBenchmark {

  private static final String ROUTING_KEY = "demo0pagerduty0integration0key00";
  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final int clients;
  private final AtomicInteger retries = new AtomicInteger();

  private DetectionBenchmark(String base, int clients) {
    this.base = base;
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
    int clients = Integer.parseInt(System.getProperty("bench.clients", "16"));
    int baselineStarts = Integer.parseInt(System.getProperty("bench.baseline", "2000"));
    int newIncidents = Integer.parseInt(System.getProperty("bench.new", "1000"));
    int duplicates = Integer.parseInt(System.getProperty("bench.duplicates", "10000"));
    int stormAlerts = Integer.parseInt(System.getProperty("bench.storm", "10000"));
    Path data = Files.createTempDirectory("runbook-bench");
    ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class)
        .profiles("demo")
        // Command-line arguments: they take precedence over application.yml.
        .run("--server.port=0",
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("runbook") + ";"
                + System.getProperty("bench.h2-options", "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"),
            "--logging.level.root=WARN");
    int code = 1;
    try {
      String port = app.getEnvironment().getProperty("local.server.port");
      deployBaselineProcess(app.getBean(RepositoryService.class));
      DetectionBenchmark bench = new DetectionBenchmark("http://127.0.0.1:" + port, clients);
      code = bench.run(app, baselineStarts, newIncidents, duplicates, stormAlerts);
    } finally {
      app.close();
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

  private int run(ConfigurableApplicationContext app, int baselineStarts, int newIncidents, int duplicates, int stormSize)
      throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    RuntimeService runtime = app.getBean(RuntimeService.class);
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
    AtomicInteger freshKey = new AtomicInteger();
    AtomicInteger dupKey = new AtomicInteger();
    List<Double> catchUpSeconds = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      baselines.add(phase("baseline", baselineStarts / rounds, i -> startBaseline()));
      freshes.add(phase("new", newIncidents / rounds, i -> trigger("new-" + run + "-" + freshKey.getAndIncrement())));
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
    double syncSeconds = catchUpSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stormSize; i++) {
      order.add(i % 100);
    }
    Collections.shuffle(order, new Random(42));
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
    for (Result r : List.of(baseline, fresh, dup, storm)) {
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
    System.out.printf(Locale.ROOT, "CPU cost relative to a baseline start (independent of other load on the machine):"
        + " new incident %.2fx as costly, duplicate %.1fx cheaper%n",
        fresh.cpuMillisPerRequest() / baseline.cpuMillisPerRequest(), baseline.cpuMillisPerRequest() / dup.cpuMillisPerRequest());
    System.out.printf(Locale.ROOT, "incident processes caught up with a round's duplicates at most %.2f s after the last was"
        + " accepted (runbook.detection.sync-delay: 5 s)%n", syncSeconds);
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

  private void awaitSync(JdbcTemplate jdbc) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Integer pending = jdbc.queryForObject(
          "SELECT COUNT(*) FROM rb_incident_registry r WHERE r.state = 'open' AND EXISTS (SELECT 1 FROM rb_alert a"
              + " WHERE a.incident_id = r.incident_id AND a.id > r.applied_alert_id AND a.effective = TRUE)",
          Integer.class);
      if (pending != null && pending == 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("alert sync did not catch up within 5 minutes");
  }

  private Result phase(String name, int requests, IntFunction<HttpRequest> request) throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long cpuStart = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests) {
          HttpRequest r = request.apply(i);
          long t0 = System.nanoTime();
          send(r);
          latencies[i] = System.nanoTime() - t0;
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

  private void send(HttpRequest request) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return;
      }
      if (response.statusCode() != 503) {
        throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      retries.incrementAndGet();
      Thread.sleep(50);
    }
    throw new IllegalStateException(request.uri() + " kept answering 503");
  }

  private HttpRequest startBaseline() {
    return HttpRequest.newBuilder(URI.create(base + "/engine-rest/process-definition/key/bench-one-task/start"))
        .header("Content-Type", "application/json").header("Authorization", ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"variables\":{\"title\":{\"value\":\"benchmark\"}}}")).build();
  }

  private HttpRequest trigger(String dedupKey) {
    String event = "{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedupKey
        + "\",\"payload\":{\"summary\":\"Error rate above 5% on checkout\",\"source\":\"checkout-1\","
        + "\"severity\":\"error\",\"component\":\"checkout\"}}";
    return HttpRequest.newBuilder(URI.create(base + "/api/events/v2/enqueue"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(event)).build();
  }
}
