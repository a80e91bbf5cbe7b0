package io.runbook.detection.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.bench.BenchServer;
import io.runbook.testing.RunbookNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.FileSystemUtils;

/**
 * Alert ingestion benchmark, load from outside the server: starts the product as separate
 * processes ({@code java -cp target/classes:...} or the packaged jar with {@code -Dbench.jar=}),
 * on H2 (one node; H2's file mode is single-process) and on PostgreSQL (zonky's embedded binaries,
 * {@code synchronous_commit=on} as in production) with one and with two nodes, and drives the load
 * with {@code wrk} (Debian: {@code apt-get install -y wrk}) and {@code src/bench/lua/ingestion.lua},
 * one wrk process per node. Not a test: {@code mvn -B -q -Pbenchmark test-compile exec:java}
 * (docs/benchmarks.md).
 *
 * <p>Per set-up, in interleaved rounds: the baseline (starting a one-user-task process through
 * /engine-rest, as the in-JVM benchmark defined it), alerts that open new incidents (PagerDuty
 * triggers, each a new dedup key) and duplicate alerts on 100 open incidents; then a storm of
 * alerts on 100 new keys, which must open exactly 100 incidents with every alert counted. Exits 1
 * when a target is missed: new incidents at least 0.5x the baseline, duplicates at least 10x.
 *
 * <p>Options (system properties): {@code bench.setups=h2:1,postgres:1,postgres:2},
 * {@code bench.connections=32} (wrk connections in total, split over the nodes), {@code bench.rounds=3},
 * {@code bench.baseline-seconds=8}, {@code bench.new-seconds=8}, {@code bench.duplicate-seconds=5},
 * {@code bench.storm-seconds=5} (per round; wrk runs for a duration), {@code bench.warmup-rounds=2},
 * {@code bench.warmup-seconds=3}, {@code bench.max-requests-per-thread=200000} (a bound on the count),
 * {@code bench.server-jvm-args="..."} (e.g. a JFR recording), {@code bench.server-args=--key=value,...},
 * {@code bench.jar=target/runbook-0.1.0-SNAPSHOT.jar}, {@code bench.keep-data=true} (keep the servers' logs).
 */
public final class DetectionBenchmark {

  private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
  private static final String ROUTING_KEY = "demo0pagerduty0integration0key00";
  private static final Pattern RESULT = Pattern.compile(
      "RESULT ok=(\\d+) failed=(\\d+) seconds=([0-9.]+) p50ms=([0-9.]+) p99ms=([0-9.]+)");

  private final int connections = Integer.getInteger("bench.connections", 32);
  private final int rounds = Integer.getInteger("bench.rounds", 3);
  // wrk runs for a duration (it always lasts its -d), so phases are measured in seconds of full load.
  private final int baselineSeconds = Integer.getInteger("bench.baseline-seconds", 8);
  private final int newSeconds = Integer.getInteger("bench.new-seconds", 8);
  private final int dupSeconds = Integer.getInteger("bench.duplicate-seconds", 5);
  private final int stormSeconds = Integer.getInteger("bench.storm-seconds", 5);
  private final int warmupRounds = Integer.getInteger("bench.warmup-rounds", 2);
  private final int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 3);
  /** A bound on the answers one wrk thread collects in a phase, far above what this machine does. */
  private final int maxPerThread = Integer.getInteger("bench.max-requests-per-thread", 200_000);
  private final Path lua = Path.of("src/bench/lua/ingestion.lua").toAbsolutePath();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(30)).build();
  private final GreenMail smtp;
  private final int smtpPort;

  private DetectionBenchmark(GreenMail smtp, int smtpPort) {
    this.smtp = smtp;
    this.smtpPort = smtpPort;
  }

  /** One phase's answers, summed over the nodes' wrk processes. */
  record Phase(int ok, int failed, double seconds, double p50, double p99, long cpuMillis) {
    double perSecond() {
      return ok / seconds;
    }

    static Phase sum(List<Phase> phases) {
      return new Phase(phases.stream().mapToInt(Phase::ok).sum(), phases.stream().mapToInt(Phase::failed).sum(),
          phases.stream().mapToDouble(Phase::seconds).sum(), phases.stream().mapToDouble(Phase::p50).max().orElse(0),
          phases.stream().mapToDouble(Phase::p99).max().orElse(0), phases.stream().mapToLong(Phase::cpuMillis).sum());
    }

    double cpuPerRequest() {
      return cpuMillis / (double) Math.max(1, ok);
    }
  }

  /** What one set-up (database and node count) measured. */
  record Outcome(String setup, Phase baseline, Phase fresh, Phase dup, Phase storm, String stormCheck, boolean stormOk,
      double maxSyncSeconds) {
    double newRatio() {
      return fresh.perSecond() / baseline.perSecond();
    }

    double dupRatio() {
      return dup.perSecond() / baseline.perSecond();
    }
  }

  public static void main(String[] args) throws Exception {
    if (!new File("/usr/bin/wrk").canExecute() && !onPath("wrk")) {
      System.err.println("wrk is missing: apt-get install -y wrk (docs/benchmarks.md)");
      System.exit(2);
    }
    int smtpPort = freePort();
    // New incidents page the on-call by e-mail: a real SMTP server takes that mail, as in production.
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    int exit;
    try {
      exit = new DetectionBenchmark(smtp, smtpPort).run() ? 0 : 1;
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 2;
    } finally {
      smtp.stop();
    }
    System.exit(exit);
  }

  private boolean run() throws Exception {
    String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    List<Outcome> outcomes = new ArrayList<>();
    for (String setup : System.getProperty("bench.setups", "h2:1,postgres:1,postgres:2").split(",")) {
      String[] parts = setup.trim().split(":");
      outcomes.add(measure(parts[0], Integer.parseInt(parts[1])));
    }
    String endLoad = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    System.out.println();
    System.out.printf(Locale.ROOT, "Alert ingestion from outside the server (wrk, %d connections), started %s, %d CPUs,"
        + " load average %s at the start, %s at the end%n", connections, started, Runtime.getRuntime().availableProcessors(),
        load, endLoad);
    System.out.printf(Locale.ROOT, "%-14s %10s %10s %7s %10s %7s %22s %22s %20s%n", "set-up", "baseline/s", "new/s", "new/b",
        "dups/s", "dups/b", "p50/p99 ms base,new", "CPU ms/req base,new,dup", "storm");
    boolean pass = true;
    for (Outcome o : outcomes) {
      System.out.printf(Locale.ROOT, "%-14s %10.1f %10.1f %6.2fx %10.1f %6.1fx %22s %22s %20s%n", o.setup(),
          o.baseline().perSecond(), o.fresh().perSecond(), o.newRatio(), o.dup().perSecond(), o.dupRatio(),
          String.format(Locale.ROOT, "%.0f/%.0f, %.0f/%.0f", o.baseline().p50(), o.baseline().p99(), o.fresh().p50(),
              o.fresh().p99()),
          String.format(Locale.ROOT, "%.1f, %.1f, %.2f", o.baseline().cpuPerRequest(), o.fresh().cpuPerRequest(),
              o.dup().cpuPerRequest()),
          o.stormOk() ? "1 per key, all counted" : "FAILED");
    }
    System.out.println("(CPU: the servers' JVMs and PostgreSQL's processes, from /proc, per answered request;"
        + " p50/p99: the worse node's wrk figure)");
    System.out.println();
    for (Outcome o : outcomes) {
      boolean newOk = o.newRatio() >= 0.5;
      boolean dupOk = o.dupRatio() >= 10;
      pass &= newOk && dupOk && o.stormOk();
      System.out.printf(Locale.ROOT, "%s %-14s new incidents / baseline = %.2f (target >= 0.5)%n", newOk ? "PASS" : "FAIL",
          o.setup(), o.newRatio());
      System.out.printf(Locale.ROOT, "%s %-14s duplicates / baseline = %.1f (target >= 10)%n", dupOk ? "PASS" : "FAIL",
          o.setup(), o.dupRatio());
      System.out.printf(Locale.ROOT, "%s %-14s storm: %s%n", o.stormOk() ? "PASS" : "FAIL", o.setup(), o.stormCheck());
      System.out.printf(Locale.ROOT, "     %-14s refused/failed answers: baseline %d, new %d, dup %d, storm %d;"
          + " processes caught up with a round's duplicates within %.1f s%n", o.setup(), o.baseline().failed(),
          o.fresh().failed(), o.dup().failed(), o.storm().failed(), o.maxSyncSeconds());
    }
    return pass;
  }

  // ---------------------------------------------------------------- one set-up

  private Outcome measure(String database, int nodes) throws Exception {
    String setup = database + ", " + nodes + (nodes == 1 ? " node" : " nodes");
    if (database.equals("h2") && nodes > 1) {
      throw new IllegalArgumentException("H2's file mode is single-process: one node only");
    }
    System.out.printf(Locale.ROOT, "%n=== %s ===%n", setup);
    Path data = Files.createTempDirectory("runbook-ingestion-bench");
    EmbeddedPostgres postgres = null;
    List<RunbookNode> servers = new ArrayList<>();
    try {
      String url;
      String user;
      if (database.equals("postgres")) {
        postgres = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg")).setCleanDataDirectory(true)
            // zonky turns synchronous_commit off for tests; production keeps PostgreSQL's default
            .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "200")
            .setOutputRedirector(ProcessBuilder.Redirect.to(data.resolve("postgres.log").toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.to(data.resolve("postgres.err").toFile()))
            .start();
        url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        user = "postgres";
      } else if (database.equals("h2")) {
        // AUTO_SERVER: the server's process owns the file; this benchmark's checks between phases reach it over TCP.
        // (H2 refuses AUTO_SERVER together with the default URL's DB_CLOSE_ON_EXIT=FALSE, which only matters at shutdown.)
        url = "jdbc:h2:file:" + data.resolve("runbook") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE" + System.getProperty("bench.h2-options", "");
        user = "sa";
      } else {
        throw new IllegalArgumentException("unknown database " + database + " (h2 or postgres)");
      }
      List<String> bases = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        // One after the other: the first creates the schema and the demo data, the next finds them.
        RunbookNode server = BenchServer.builder("node" + n, data, smtpPort).database(url, user, "")
            .property("logging.level.root", "WARN")
            // The baseline's 32 parallel admin clients share one address: the login throttle lets a client have only
            // max-failures + 8 password checks in flight (429 beyond), which guards against guessing, not against this.
            .property("runbook.security.login-throttle.max-failures", 1000)
            .start();
        servers.add(server);
        // /actuator/health/readiness: UP once the database can be read and written; the load balancer's check.
        server.awaitReady(Duration.ofMinutes(5));
        bases.add(server.baseUrl());
        System.out.printf(Locale.ROOT, "node %d: pid %d on %s%n", n, server.pid(), server.baseUrl());
      }
      deployBaselineProcess(bases.get(0));
      try (Connection jdbc = DriverManager.getConnection(url, user, "")) {
        return rounds(setup, bases, servers, postgres, data.resolve("pg"), jdbc);
      }
    } finally {
      RunbookNode.stopAll(Duration.ofSeconds(60), servers.toArray(RunbookNode[]::new));
      if (postgres != null) {
        postgres.close();
      }
      if (Boolean.getBoolean("bench.keep-data")) {
        System.out.println("data and logs kept in " + data);
      } else {
        FileSystemUtils.deleteRecursively(data);
      }
    }
  }

  private Outcome rounds(String setup, List<String> bases, List<RunbookNode> servers, EmbeddedPostgres postgres, Path pgData,
      Connection jdbc) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    Cpu cpu = new Cpu(servers, postgres == null ? null : pgData);
    System.out.println("warming up...");
    for (int w = 0; w < warmupRounds; w++) {
      wrk(bases, cpu, "baseline", "warm", warmupSeconds);
      wrk(bases, cpu, "new", "warm-" + run + "-" + w, warmupSeconds);
      settle(bases.get(0));
      wrk(bases, cpu, "dup", "warm-" + run + "-" + w + "-0", warmupSeconds);
    }
    // The 100 keys the duplicates go to: their incidents are open before anything is measured.
    for (int k = 0; k < 100; k++) {
      trigger(bases.get(k % bases.size()), "dup-" + run + "-" + k);
    }
    awaitSync(jdbc);
    settle(bases.get(0));
    List<Phase> baselines = new ArrayList<>();
    List<Phase> freshes = new ArrayList<>();
    List<Phase> dups = new ArrayList<>();
    double maxSync = 0;
    for (int round = 1; round <= rounds; round++) {
      baselines.add(wrk(bases, cpu, "baseline", "bench", baselineSeconds));
      freshes.add(wrk(bases, cpu, "new", "new-" + run + "-" + round, newSeconds));
      // The pages and escalation set-up that new incidents leave to the job executor are not charged to the next phase.
      settle(bases.get(0));
      dups.add(wrk(bases, cpu, "dup", "dup-" + run, dupSeconds));
      long catchUp = System.nanoTime();
      awaitSync(jdbc);
      maxSync = Math.max(maxSync, (System.nanoTime() - catchUp) / 1e9);
      settle(bases.get(0));
      Phase b = last(baselines);
      Phase f = last(freshes);
      Phase d = last(dups);
      System.out.printf(Locale.ROOT, "round %d: baseline %.1f/s, new %.1f/s (%.2fx), duplicates %.1f/s (%.1fx)%n", round,
          b.perSecond(), f.perSecond(), f.perSecond() / b.perSecond(), d.perSecond(), d.perSecond() / b.perSecond());
    }
    Phase storm = wrk(bases, cpu, "storm", "storm-" + run, stormSeconds);
    awaitSync(jdbc);
    String like = "storm-" + run + "-%";
    long incidents = count(jdbc, "SELECT COUNT(*) FROM rb_incident_registry WHERE dedup_key LIKE ?", like);
    long processes = count(jdbc, "SELECT COUNT(*) FROM ACT_RU_EXECUTION e JOIN rb_incident_registry r"
        + " ON e.BUSINESS_KEY_ = r.incident_id WHERE e.ID_ = e.PROC_INST_ID_ AND r.dedup_key LIKE ?", like);
    long keys = count(jdbc, "SELECT COUNT(DISTINCT r.dedup_key) FROM rb_alert a JOIN rb_incident_registry r"
        + " ON a.incident_id = r.incident_id WHERE r.dedup_key LIKE ?", like);
    long recorded = count(jdbc, "SELECT COUNT(*) FROM rb_alert a JOIN rb_incident_registry r ON a.incident_id = r.incident_id"
        + " WHERE r.dedup_key LIKE ?", like);
    long counted = count(jdbc, "SELECT COALESCE(SUM(v.LONG_), 0) FROM ACT_RU_VARIABLE v JOIN ACT_RU_EXECUTION e"
        + " ON v.EXECUTION_ID_ = e.ID_ JOIN rb_incident_registry r ON e.BUSINESS_KEY_ = r.incident_id"
        + " WHERE v.NAME_ = 'alertCount' AND e.ID_ = e.PROC_INST_ID_ AND r.dedup_key LIKE ?", like);
    // One incident and one process per key that received alerts (a short storm on a slow machine may not reach all
    // 100); wrk ends with requests still in flight, which may be recorded too: at least the 2xx answers are.
    boolean stormOk = keys > 0 && incidents == keys && processes == keys && recorded >= storm.ok() && counted == recorded;
    String check = String.format(Locale.ROOT, "%d incidents and %d incident processes for the %d keys (of 100) that got"
        + " alerts (target: one each); %d alerts answered 2xx, %d recorded, %d counted on the processes", incidents,
        processes, keys, storm.ok(), recorded, counted);
    return new Outcome(setup, Phase.sum(baselines), Phase.sum(freshes), Phase.sum(dups), storm, check, stormOk, maxSync);
  }

  private static Phase last(List<Phase> phases) {
    return phases.get(phases.size() - 1);
  }

  // ---------------------------------------------------------------- wrk

  /** Runs one phase: a wrk process per node at the same time, for {@code seconds}, the connections split over them. */
  private Phase wrk(List<String> bases, Cpu cpu, String kind, String prefix, int seconds) throws Exception {
    int nodes = bases.size();
    int perNodeConnections = Math.max(1, connections / nodes);
    int threads = nodes == 1 ? 2 : 1;
    int perThread = maxPerThread;
    List<Process> processes = new ArrayList<>();
    long cpuStart = cpu.millis();
    for (String base : bases) {
      processes.add(new ProcessBuilder("wrk", "-t" + threads, "-c" + perNodeConnections, "-d" + seconds + "s",
          "-T30s", "-s", lua.toString(), base, "--", kind, prefix, Integer.toString(perThread), "100")
          .redirectErrorStream(true).start());
    }
    List<Phase> results = new ArrayList<>();
    for (Process wrk : processes) {
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      wrk.waitFor();
      Matcher m = RESULT.matcher(output);
      if (!m.find()) {
        throw new IllegalStateException("wrk printed no result:\n" + output);
      }
      for (String line : output.split("\n")) {
        if (line.startsWith("FIRST-FAILURE")) {
          System.out.println(kind + ": " + line);
        }
      }
      if (Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) >= perThread * threads) {
        System.out.println(kind + ": stopped at bench.max-requests-per-thread before " + seconds + " s: the rate is understated");
      }
      results.add(new Phase(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)),
          Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), 0));
    }
    long cpuMillis = cpu.millis() - cpuStart;
    // The nodes ran side by side: the phase lasted as long as the slower one.
    return new Phase(results.stream().mapToInt(Phase::ok).sum(), results.stream().mapToInt(Phase::failed).sum(),
        results.stream().mapToDouble(Phase::seconds).max().orElse(0), results.stream().mapToDouble(Phase::p50).max().orElse(0),
        results.stream().mapToDouble(Phase::p99).max().orElse(0), cpuMillis);
  }

  // ---------------------------------------------------------------- HTTP and database checks

  private void trigger(String base, String key) throws Exception {
    String event = "{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + key
        + "\",\"payload\":{\"summary\":\"Error rate above 5% on checkout\",\"source\":\"checkout-1\","
        + "\"severity\":\"error\",\"component\":\"checkout\"}}";
    HttpResponse<String> answer;
    int attempts = 0;
    do {
      if (attempts > 0) {
        Thread.sleep(1000); // 503 "too many alerts in flight": retry, as PagerDuty's clients do
      }
      answer = send(HttpRequest.newBuilder(URI.create(base + "/api/events/v2/enqueue"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
          HttpResponse.BodyHandlers.ofString());
    } while (answer.statusCode() == 503 && ++attempts < 30);
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException("alert " + key + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  /**
   * One control request (not load) with up to 5 attempts: on a machine shared with other work a
   * connect can time out or, in the JDK 17 client, fail with ClosedChannelException on its retry.
   */
  private HttpResponse<String> send(HttpRequest request, HttpResponse.BodyHandler<String> body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(request, body);
      } catch (IOException e) {
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /** Deploys the baseline's one-user-task process through /engine-rest/deployment/create, as an administrator would. */
  private void deployBaselineProcess(String base) throws Exception {
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            targetNamespace="http://runbook.io/bench">
          <process id="bench-one-task" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="Work" />
            <userTask id="Work" camunda:candidateGroups="responders" />
            <sequenceFlow id="f2" sourceRef="Work" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;
    String boundary = "bench" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nbenchmark\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"bench-one-task.bpmn\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/engine-rest/deployment/create"))
        .header("Authorization", ADMIN).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("deploying the baseline process answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  /** Waits until the job executors have no due job left (pages, escalation set-up). */
  private void settle(String base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/engine-rest/job/count?executable=true"))
          .header("Authorization", ADMIN).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && answer.body().replaceAll("\\s", "").equals("{\"count\":0}")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the job executors did not run every due job within 10 minutes");
  }

  /** Waits until every open incident's process has heard of every alert recorded for it. */
  private static void awaitSync(Connection jdbc) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (count(jdbc, "SELECT COUNT(*) FROM rb_incident_registry r WHERE r.state = 'open' AND EXISTS (SELECT 1 FROM rb_alert a"
          + " WHERE a.incident_id = r.incident_id AND a.id > r.applied_alert_id AND a.effective = TRUE)") == 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the alert sync did not catch up within 5 minutes");
  }

  private static long count(Connection jdbc, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = jdbc.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  // ---------------------------------------------------------------- the server processes

  /** CPU time of the servers' JVMs and of PostgreSQL's processes (postmaster and its children), from /proc. */
  private static final class Cpu {
    private final List<RunbookNode> servers;
    private final long postmaster;

    Cpu(List<RunbookNode> servers, Path postgresData) throws IOException {
      this.servers = servers;
      // the first line of postmaster.pid in PostgreSQL's data directory
      Path pidFile = postgresData == null ? null : postgresData.resolve("postmaster.pid");
      this.postmaster = pidFile != null && Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
    }

    long millis() {
      long total = 0;
      for (RunbookNode server : servers) {
        total += processMillis(server.pid());
      }
      if (postmaster > 0) {
        total += processMillis(postmaster);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
          total += processMillis(child.pid());
        }
      }
      return total;
    }

    /** utime + stime + the reaped children's (PostgreSQL's backends come and go with the connections). */
    private static long processMillis(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
            + Long.parseLong(fields[14]);
        return ticks * 10; // USER_HZ is 100 on Linux
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
