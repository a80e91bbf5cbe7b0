package io.runbook.escalation;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.RunbookApplication;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How late SLA timers fire: the product's settings against Camunda's job-executor defaults, in one
 * run on the embedded default (H2 file database). Not part of {@code mvn verify}; run it with
 *
 * <pre>mvn -B -q -Ptimer-benchmark test-compile exec:java</pre>
 *
 * (options: {@code -Dbenchmark.incidents=600 -Dbenchmark.trickle=20 -Dbenchmark.idleSeconds=60}, and
 * {@code -Dbenchmark.settings=camunda.bpm.job-execution.queue-capacity=3,...} to try other settings,
 * {@code -Dbenchmark.defaultsFirst=true} to measure Camunda's defaults first).
 * For each setting it starts an application, warms it up with 100 incidents (not measured),
 * measures the job executor's acquisition queries per minute while idle, then raises SEV-1 incidents whose acknowledgement SLA is PT2S: a burst of N
 * at once (a busy executor: every incident also pages the on-call by e-mail) and a trickle, one
 * every 1.5 s (a mostly idle executor). Lateness is the time the "Acknowledgement overdue" timer
 * fired minus its due time, taken from the escalation history.
 */
public final class TimerLatencyBenchmark {

  private static final Duration SLA = Duration.ofSeconds(2);

  record Lateness(long p50, long p99, long max, int count) {
    static Lateness of(List<Long> millis) {
      List<Long> sorted = millis.stream().sorted().toList();
      return new Lateness(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static long percentile(List<Long> sorted, double p) {
      return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
  }

  record Result(String name, Lateness burst, Lateness trickle, double idleQueriesPerMinute) {}

  public static void main(String[] args) throws Exception {
    int incidents = Integer.getInteger("benchmark.incidents", 600);
    int trickle = Integer.getInteger("benchmark.trickle", 20);
    int idleSeconds = Integer.getInteger("benchmark.idleSeconds", 60);
    Path dir = Files.createTempDirectory("runbook-timer-benchmark");
    int smtpPort = freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      // The JVM gets faster as it runs (JIT), which favours whichever runs second; -Dbenchmark.defaultsFirst=true swaps.
      boolean defaultsFirst = Boolean.getBoolean("benchmark.defaultsFirst");
      Result defaults = null;
      if (defaultsFirst) {
        defaults = run("Camunda job-executor defaults", camundaDefaults(), dir, smtpPort, incidents, trickle, idleSeconds);
      }
      Result ours = run("Runbook settings (wake-up + tuned executor)", overrides(System.getProperty("benchmark.settings", "")),
          dir, smtpPort, incidents, trickle, idleSeconds);
      if (!defaultsFirst) {
        defaults = run("Camunda job-executor defaults", camundaDefaults(), dir, smtpPort, incidents, trickle, idleSeconds);
      }
      print(List.of(ours, defaults), incidents, trickle, idleSeconds);
    } finally {
      smtp.stop();
    }
    System.exit(0);
  }

  /** {@code -Dbenchmark.settings=key=value,key=value} tries other settings in place of the product's. */
  static Map<String, Object> overrides(String settings) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String pair : settings.split(",")) {
      if (pair.contains("=")) {
        p.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
      }
    }
    return p;
  }

  /** What Camunda does out of the box (and the Spring Boot starter's pool), with the wake-up off. */
  static Map<String, Object> camundaDefaults() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runbook.timers.wake-up", "false");
    p.put("camunda.bpm.job-execution.core-pool-size", "3");
    p.put("camunda.bpm.job-execution.max-pool-size", "10");
    p.put("camunda.bpm.job-execution.queue-capacity", "3");
    p.put("camunda.bpm.job-execution.max-jobs-per-acquisition", "3");
    p.put("camunda.bpm.job-execution.wait-time-in-millis", "5000");
    p.put("camunda.bpm.job-execution.wait-increase-factor", "2");
    p.put("camunda.bpm.job-execution.max-wait", "60000");
    p.put("camunda.bpm.job-execution.lock-time-in-millis", "300000");
    // Start-up refuses an action timeout within a minute of the job lock (JobLockCheck); no action
    // runs here, so the rollback's 5 minutes shrink to fit Camunda's 5-minute default lock.
    p.put("runbook.actions.rollback.timeout", "PT3M");
    p.put("camunda.bpm.generic-properties.properties.jobExecutorAcquireByDueDate", "false");
    p.put("camunda.bpm.generic-properties.properties.jobExecutorPreferTimerJobs", "false");
    p.put("camunda.bpm.generic-properties.properties.ensureJobDueDateNotNull", "false");
    return p;
  }

  static Result run(String name, Map<String, Object> overrides, Path dir, int smtpPort, int incidents, int trickle, int idleSeconds)
      throws Exception {
    System.out.printf("%n== %s ==%n", name);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.profiles.active", "demo");
    properties.put("server.port", "0");
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve(name.replaceAll("\\W+", "-")) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    properties.put("spring.mail.host", "127.0.0.1");
    properties.put("spring.mail.port", String.valueOf(smtpPort));
    properties.put("runbook.severities.sev1.response-time", SLA.toString());
    properties.put("runbook.severities.sev1.escalation-interval", "PT1H");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.org.camunda.bpm.engine.jobexecutor", "ERROR");
    properties.putAll(overrides);
    // As command-line arguments: they override application.yml (builder properties would not).
    String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class).run(arguments)) {
      ProcessEngine engine = app.getBean(ProcessEngine.class);
      EscalationLog log = app.getBean(EscalationLog.class);

      // Warm-up (not measured): both settings run equally warm code, whichever runs first in this JVM.
      List<String> warmUp = new ArrayList<>();
      for (int i = 0; i < Math.min(incidents, 100); i++) {
        warmUp.add(raise(engine, "Warm-up " + i));
      }
      awaitLateness(log, warmUp);

      // Idle: let the warm-up's work drain, then count the executor's acquisition queries.
      Thread.sleep(20_000);
      long before = acquisitionAttempts(engine);
      Thread.sleep(idleSeconds * 1000L);
      double idlePerMinute = (acquisitionAttempts(engine) - before) * 60.0 / idleSeconds;
      System.out.printf("idle: %.1f acquisition queries per minute%n", idlePerMinute);

      // Burst: N incidents raised as fast as possible; every timer is due 2 s after its incident.
      Instant started = Instant.now();
      long attemptsBefore = acquisitionAttempts(engine);
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < incidents; i++) {
        burst.add(raise(engine, "Burst " + i));
      }
      System.out.printf("burst: %d incidents raised in %d ms%n", incidents, Duration.between(started, Instant.now()).toMillis());
      Lateness burstLateness = Lateness.of(awaitLateness(log, burst));
      System.out.printf("burst: %s, %d acquisition queries in %d s%n", burstLateness, acquisitionAttempts(engine) - attemptsBefore,
          Duration.between(started, Instant.now()).toSeconds());

      // Trickle: one incident every 1.5 s, so most timers meet an idle executor.
      Thread.sleep(10_000);
      List<String> spread = new ArrayList<>();
      for (int i = 0; i < trickle; i++) {
        spread.add(raise(engine, "Trickle " + i));
        Thread.sleep(1_500);
      }
      Lateness trickleLateness = Lateness.of(awaitLateness(log, spread));
      System.out.printf("trickle: %s%n", trickleLateness);
      return new Result(name, burstLateness, trickleLateness, idlePerMinute);
    }
  }

  private static String raise(ProcessEngine engine, String title) {
    return engine.getRuntimeService().startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED,
        Map.of(ProcessVariables.TITLE, title, ProcessVariables.SOURCE, "monitoring", ProcessVariables.PROPOSED_SEVERITY, "SEV-1")).getBusinessKey();
  }

  /** Waits until every incident's first acknowledgement breach is recorded; lateness in ms. */
  private static List<Long> awaitLateness(EscalationLog log, List<String> incidentIds) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    Map<String, Long> lateness = new LinkedHashMap<>();
    while (lateness.size() < incidentIds.size() && Instant.now().isBefore(deadline)) {
      for (String id : incidentIds) {
        if (!lateness.containsKey(id)) {
          log.forIncident(id).stream()
              .filter(e -> "breach".equals(e.kind()) && e.level() != null && e.level() == 1)
              .findFirst()
              .ifPresent(e -> lateness.put(id, Duration.between(e.due(), e.at()).toMillis()));
        }
      }
      Thread.sleep(200);
    }
    if (lateness.size() < incidentIds.size()) {
      throw new IllegalStateException((incidentIds.size() - lateness.size()) + " timers did not fire within 3 minutes");
    }
    return new ArrayList<>(lateness.values());
  }

  private static long acquisitionAttempts(ProcessEngine engine) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getMetricsRegistry()
        .getDbMeterByName(Metrics.JOB_ACQUISITION_ATTEMPT).get();
  }

  private static void print(List<Result> results, int incidents, int trickle, int idleSeconds) {
    System.out.printf(Locale.ROOT, "%nTimer lateness (fire time - due time), SEV-1 acknowledgement SLA %s, H2 file database, %d CPUs%n",
        SLA, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-44s | %-26s | %-26s | %s%n", "", "burst: " + incidents + " at once",
        "trickle: " + trickle + ", every 1.5 s", "idle");
    System.out.printf(Locale.ROOT, "%-44s | %8s %8s %8s | %8s %8s %8s | %s%n", "settings", "p50", "p99", "max", "p50", "p99",
        "max", "acquisition queries/min");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%-44s | %8s %8s %8s | %8s %8s %8s | %.1f%n", r.name(),
          ms(r.burst().p50()), ms(r.burst().p99()), ms(r.burst().max()),
          ms(r.trickle().p50()), ms(r.trickle().p99()), ms(r.trickle().max()), r.idleQueriesPerMinute());
    }
    Result ours = results.get(0);
    Result defaults = results.get(1);
    double burstRatio = (double) defaults.burst().p99() / Math.max(1, ours.burst().p99());
    double trickleRatio = (double) defaults.trickle().p99() / Math.max(1, ours.trickle().p99());
    boolean met = ours.burst().p99() <= 1000 && ours.trickle().p99() <= 1000 && burstRatio >= 10 && trickleRatio >= 10;
    System.out.printf(Locale.ROOT, "p99 better than Camunda defaults: burst %.0fx, trickle %.0fx (idle measured over %d s)%n",
        burstRatio, trickleRatio, idleSeconds);
    System.out.printf("Target (p99 <= 1 s, at least 10x better than defaults): %s%n", met ? "MET" : "NOT MET");
  }

  private static String ms(long millis) {
    return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
