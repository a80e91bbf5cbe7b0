package io.runbook.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.bench.BenchServer;
import io.runbook.testing.RunbookNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.util.FileSystemUtils;

/**
 * Tasklist under an alert burst. Starts the product as its own process (demo profile, fresh H2 file
 * database in a temporary directory, GreenMail as its SMTP server), logs in to Tasklist as several
 * demo users the way the browser does (session cookie and {@code X-XSRF-TOKEN}), reads the shared
 * task filters from the server and polls each one's task list exactly as Tasklist 7.24 asks for it
 * ({@code POST filter/{id}/list?firstResult=0&maxResults=15}, {@code Accept: application/hal+json},
 * the body of its {@code taskListQuery}; the card variables come embedded, named by the filter's
 * {@code variables} property). It measures an idle baseline, then the same polling while 200
 * SEV-1/SEV-2 incidents are opened through {@code POST /api/alerts} within 15 s, then again once
 * the burst is over, and prints p50/p95/max per filter, the ratios against the baseline and the
 * target check (burst p95 under 500 ms for every filter). Exits 1 when the target is missed.
 *
 * <pre>mvn -B -q -Pbenchmark test-compile exec:java -Dbench.main=io.runbook.system.bench.TasklistBurstBenchmark</pre>
 *
 * Options (system properties): {@code bench.incidents=200}, {@code bench.burst-seconds=15},
 * {@code bench.preload=30} (incidents opened before the baseline), {@code bench.users=responder,lead,manager,cto,security},
 * {@code bench.sessions=2} (Tasklist tabs per user), {@code bench.think-millis=250} (pause between
 * one poller's requests), {@code bench.warmup-seconds=30} (polling before the baseline, not recorded), {@code bench.baseline-seconds=20}, {@code bench.after-seconds=10},
 * {@code bench.target-p95-millis=500}, {@code bench.server-args=--key=value,...} (extra arguments for the
 * server, e.g. to switch a setting off for a before/after comparison), {@code bench.h2-options=;QUERY_CACHE_SIZE=64} (appended to the
 * H2 URL), {@code bench.server-jvm-args="-Xmx1g -XX:StartFlightRecording=filename=/tmp/x.jfr"}
 * (options for the server's JVM, separated by spaces), {@code bench.keep-data=true} (keep the temporary
 * directory with the server's log), {@code bench.server-classes=/tmp/old-classes} (a copy of an earlier
 * build's target/classes to run in their place, for a before/after comparison), {@code bench.jar=target/runbook-x.jar}
 * (run the packaged jar instead of {@code target/classes} and the dependency class path).
 */
public final class TasklistBurstBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALERT_TOKEN = "demo-generic-alert-token";
  private static final String ENGINE = "/camunda/api/engine/engine/default";
  /** What Tasklist's HTTP client sends as Accept on every engine call. */
  private static final String HAL_ACCEPT = "application/hal+json, application/json; q=0.5";

  private final int incidents = Integer.getInteger("bench.incidents", 200);
  private final int burstSeconds = Integer.getInteger("bench.burst-seconds", 15);
  private final int preload = Integer.getInteger("bench.preload", 30);
  private final List<String> users = List.of(System.getProperty("bench.users", "responder,lead,manager,cto,security").split(","));
  private final int sessions = Integer.getInteger("bench.sessions", 2);
  private final long thinkMillis = Long.getLong("bench.think-millis", 250);
  private final int baselineSeconds = Integer.getInteger("bench.baseline-seconds", 20);
  private final int afterSeconds = Integer.getInteger("bench.after-seconds", 10);
  private final int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 30);
  private final long targetP95 = Long.getLong("bench.target-p95-millis", 500);

  private final HttpClient alertClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One answered list request. */
  record Sample(String phase, String filter, String user, long micros, int status, int tasks, int variables) {}

  /** The phase every poller currently records into; null = not recording. */
  private final AtomicReference<String> phase = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private volatile boolean polling = true;
  private String base;

  public static void main(String[] args) throws Exception {
    int exit;
    try {
      exit = new TasklistBurstBenchmark().run() ? 0 : 1;
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 2;
    }
    System.exit(exit);
  }

  private boolean run() throws Exception {
    Path data = Files.createTempDirectory("runbook-tasklist-bench");
    int smtpPort = freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    RunbookNode server = BenchServer.builder("server", data, smtpPort)
        .property("spring.datasource.url", "jdbc:h2:file:" + data.resolve("runbook") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
            + System.getProperty("bench.h2-options", ""))
        .start();
    System.out.println("server: " + String.join(" ", server.command().stream()
        .map(c -> c.length() > 200 ? c.substring(0, 60) + "..." : c).toList()));
    base = server.baseUrl();
    try {
      server.awaitReady(Duration.ofMinutes(3));
      System.out.printf(Locale.ROOT, "server pid %d on port %d, data in %s%n", server.pid(), server.port(), data);
      int opened = openIncidents("preload", preload, 0);
      System.out.printf(Locale.ROOT, "preload: %d incidents opened before the baseline%n", opened);

      List<Poller> pollers = new ArrayList<>();
      for (String user : users) {
        for (int s = 0; s < sessions; s++) {
          pollers.add(new Poller(user.trim()));
        }
      }
      for (Poller poller : pollers) {
        poller.logIn();
      }
      Map<String, String> filterNames = new LinkedHashMap<>();
      for (Poller poller : pollers) {
        poller.filters.forEach(f -> filterNames.putIfAbsent(f.id, f.name));
      }
      System.out.printf(Locale.ROOT, "%d pollers (%s x %d sessions, %d ms between requests); shared filters: %s%n",
          pollers.size(), String.join(",", users), sessions, thinkMillis, filterNames.values());
      for (Poller poller : pollers) {
        System.out.printf(Locale.ROOT, "  %-10s sees %s%n", poller.user, poller.filters.stream().map(f -> f.name).toList());
      }
      List<Thread> threads = new ArrayList<>();
      for (Poller poller : pollers) {
        Thread t = new Thread(poller, "poller-" + poller.user);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      // Warm-up (not recorded): the server's JIT compiler and first queries would otherwise be charged to the baseline.
      Thread.sleep(warmupSeconds * 1000L);

      long cpu0 = cpuMillis(server);
      phase.set("baseline");
      Thread.sleep(baselineSeconds * 1000L);
      phase.set(null);
      long cpu1 = cpuMillis(server);
      long baselineRequests = samples.stream().filter(s -> s.phase.equals("baseline")).count();

      phase.set("burst");
      long burstStart = System.nanoTime();
      int burstOpened = openIncidents("burst", incidents, burstSeconds);
      long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
      phase.set(null);
      long cpu2 = cpuMillis(server);
      long burstRequests = samples.stream().filter(s -> s.phase.equals("burst")).count();
      System.out.printf(Locale.ROOT, "burst: %d of %d incidents opened in %.1f s (schedule: %d s)%n", burstOpened, incidents,
          burstMillis / 1000.0, burstSeconds);

      long cpu3 = cpuMillis(server);
      phase.set("after");
      Thread.sleep(afterSeconds * 1000L);
      phase.set(null);
      long cpu4 = cpuMillis(server);
      long afterRequests = samples.stream().filter(s -> s.phase.equals("after")).count();
      polling = false;
      for (Thread t : threads) {
        t.join(30_000);
      }
      System.out.printf(Locale.ROOT, "server CPU per list request: baseline %.1f ms, burst %.1f ms (incl. opening incidents), after %.1f ms%n",
          (cpu1 - cpu0) / (double) Math.max(1, baselineRequests), (cpu2 - cpu1) / (double) Math.max(1, burstRequests),
          (cpu4 - cpu3) / (double) Math.max(1, afterRequests));
      return report(filterNames, burstOpened == incidents);
    } finally {
      server.stop(Duration.ofSeconds(30));
      smtp.stop();
      if (!Boolean.getBoolean("bench.keep-data")) {
        FileSystemUtils.deleteRecursively(data);
      }
    }
  }

  // ---------------------------------------------------------------- report

  private boolean report(Map<String, String> filterNames, boolean allOpened) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Tasklist filter lists (POST filter/{id}/list, 15 tasks, card variables embedded), %s, %d CPUs%n",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-34s %-9s %6s %6s %8s %8s %8s %8s %7s%n", "filter", "phase", "lists", "errors", "p50 ms",
        "p95 ms", "max ms", "tasks", "vars");
    System.out.println("(tasks and vars: mean tasks per list and card variables embedded per list)");
    boolean pass = allOpened;
    List<String> verdicts = new ArrayList<>();
    Map<String, String> rows = new LinkedHashMap<>(filterNames);
    rows.put("*", "all filters");
    for (Map.Entry<String, String> filter : rows.entrySet()) {
      Stats baseline = stats("baseline", filter.getKey());
      Stats burst = stats("burst", filter.getKey());
      Stats after = stats("after", filter.getKey());
      for (Stats s : List.of(baseline, burst, after)) {
        System.out.printf(Locale.ROOT, "%-34s %-9s %6d %6d %8.0f %8.0f %8.0f %8.1f %7.1f%n", truncate(filter.getValue(), 34), s.phase,
            s.count, s.errors, s.p50, s.p95, s.max, s.meanTasks, s.meanVariables);
      }
      System.out.printf(Locale.ROOT, "%-34s %-9s %6s %6s %7.2fx %7.2fx %7.2fx   (after/baseline p95 %.2fx)%n", "", "burst/base", "",
          "", ratio(burst.p50, baseline.p50), ratio(burst.p95, baseline.p95), ratio(burst.max, baseline.max),
          ratio(after.p95, baseline.p95));
      if (!filter.getKey().equals("*")) {
        boolean ok = burst.count > 0 && burst.errors == 0 && burst.p95 < targetP95;
        pass &= ok;
        verdicts.add(String.format(Locale.ROOT, "%s %s: burst p95 %.0f ms (target < %d ms), %d errors", ok ? "PASS" : "FAIL",
            filter.getValue(), burst.p95, targetP95, burst.errors));
      }
    }
    System.out.println();
    verdicts.forEach(System.out::println);
    if (!allOpened) {
      System.out.println("FAIL: not every incident of the burst was opened");
    }
    System.out.println(pass ? "Target (every shared filter's list p95 < " + targetP95 + " ms during the burst): MET"
        : "Target (every shared filter's list p95 < " + targetP95 + " ms during the burst): NOT MET");
    return pass;
  }

  record Stats(String phase, int count, int errors, double p50, double p95, double max, double meanTasks, double meanVariables) {}

  private Stats stats(String phase, String filterId) {
    List<Sample> selected = samples.stream().filter(s -> s.phase.equals(phase) && (filterId.equals("*") || s.filter.equals(filterId)))
        .toList();
    List<Long> ok = new ArrayList<>();
    int errors = 0;
    double tasks = 0;
    double variables = 0;
    for (Sample s : selected) {
      if (s.status == 200) {
        ok.add(s.micros);
        tasks += s.tasks;
        variables += s.variables;
      } else {
        errors++;
      }
    }
    Collections.sort(ok);
    int n = ok.size();
    return new Stats(phase, n, errors, pct(ok, 0.50), pct(ok, 0.95), n == 0 ? Double.NaN : ok.get(n - 1) / 1000.0,
        n == 0 ? 0 : tasks / n, n == 0 ? 0 : variables / n);
  }

  private static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1)) / 1000.0;
  }

  private static double ratio(double a, double b) {
    return b > 0 ? a / b : Double.NaN;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  // ---------------------------------------------------------------- Tasklist sessions

  record FilterRef(String id, String name) {}

  /** One browser tab of Tasklist: its own cookies, logged in as one user, polling every filter it sees in turn. */
  private final class Poller implements Runnable {
    final String user;
    final CookieManager cookies = new CookieManager();
    final HttpClient http;
    List<FilterRef> filters = List.of();

    Poller(String user) {
      this.user = user;
      this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
          .connectTimeout(Duration.ofSeconds(5)).build();
    }

    void logIn() throws IOException, InterruptedException {
      // Opening Tasklist gives the XSRF-TOKEN cookie; the login form posts with it.
      send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET());
      String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(user, StandardCharsets.UTF_8);
      HttpResponse<String> login = send(withXsrf(HttpRequest.newBuilder(URI.create(base
          + "/camunda/api/admin/auth/user/default/login/tasklist")))
          .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
          .header("Accept", "application/json, text/plain, */*").POST(HttpRequest.BodyPublishers.ofString(form)));
      if (login.statusCode() != 200) {
        throw new IllegalStateException("login of " + user + " answered " + login.statusCode() + ": " + login.body());
      }
      // What Tasklist loads first: the filters (count, then the list), without item counts.
      HttpResponse<String> list = send(withXsrf(HttpRequest.newBuilder(URI.create(base + ENGINE
          + "/filter?firstResult=0&maxResults=2000&itemCount=false&resourceType=Task"))).header("Accept", HAL_ACCEPT).GET());
      if (list.statusCode() != 200) {
        throw new IllegalStateException("filter list for " + user + " answered " + list.statusCode() + ": " + list.body());
      }
      List<FilterRef> found = new ArrayList<>();
      JsonNode json = JSON.readTree(list.body());
      JsonNode items = json.isArray() ? json : json.path("_embedded").path("filter");
      for (JsonNode f : items) {
        found.add(new FilterRef(f.path("id").asText(), f.path("name").asText()));
      }
      filters = found;
    }

    @Override
    public void run() {
      int next = (int) (Math.random() * Math.max(1, filters.size()));
      while (polling) {
        if (filters.isEmpty()) {
          return;
        }
        FilterRef filter = filters.get(next++ % filters.size());
        String recording = phase.get();
        long start = System.nanoTime();
        int status;
        int tasks = 0;
        int variables = 0;
        try {
          HttpResponse<String> answer = send(withXsrf(HttpRequest.newBuilder(URI.create(base + ENGINE + "/filter/" + filter.id
              + "/list?firstResult=0&maxResults=15")))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", HAL_ACCEPT).header("Content-Type", "application/json;charset=UTF-8")
              .POST(HttpRequest.BodyPublishers.ofString(TASK_LIST_QUERY)));
          status = answer.statusCode();
          if (status == 200) {
            JsonNode body = JSON.readTree(answer.body());
            for (JsonNode task : body.path("_embedded").path("task")) {
              tasks++;
              variables += task.path("_embedded").path("variable").size();
            }
          }
        } catch (IOException e) {
          status = -1;
        } catch (InterruptedException e) {
          return;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        // A request counts for the phase it started and ended in.
        if (recording != null && recording.equals(phase.get())) {
          samples.add(new Sample(recording, filter.id, user, micros, status, tasks, variables));
        }
        try {
          Thread.sleep(thinkMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private HttpRequest.Builder withXsrf(HttpRequest.Builder request) {
      for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
        if (cookie.getName().equals("XSRF-TOKEN")) {
          request.header("X-XSRF-TOKEN", cookie.getValue());
        }
      }
      return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * Tasklist's {@code taskListQuery} for page 1 without a search and without a chosen sorting (its
   * default), minus the filter id it moves into the path; taken from camunda-tasklist-bootstrap.js
   * of camunda-webapp-webjar 7.24.0.
   */
  static final String TASK_LIST_QUERY = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
      + "\"firstResult\":0,\"maxResults\":15,\"sorting\":[{\"sortOrder\":\"desc\",\"sortBy\":\"created\"}],\"active\":true}";

  // ---------------------------------------------------------------- alerts

  /** Opens {@code count} incidents through POST /api/alerts, spread evenly over {@code seconds} (0 = as fast as 8 senders go). */
  private int openIncidents(String label, int count, int seconds) throws InterruptedException {
    if (count == 0) {
      return 0;
    }
    ScheduledExecutorService senders = Executors.newScheduledThreadPool(16);
    AtomicInteger opened = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(count);
    long spacingMicros = seconds == 0 ? 0 : TimeUnit.SECONDS.toMicros(seconds) / count;
    String run = Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < count; i++) {
      int n = i;
      senders.schedule(() -> {
        try {
          String severity = n % 2 == 0 ? "critical" : "error";
          String body = "{\"title\":\"Tasklist burst " + label + " " + n + "\",\"dedupKey\":\"tasklist-bench-" + run + "-" + label + "-" + n
              + "\",\"severity\":\"" + severity + "\",\"description\":\"Opened by TasklistBurstBenchmark\"}";
          HttpResponse<String> answer = alertClient.send(HttpRequest.newBuilder(URI.create(base + "/api/alerts"))
              .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + ALERT_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 202 && !JSON.readTree(answer.body()).path("incidentId").asText().isEmpty()) {
            opened.incrementAndGet();
          } else if (failures.incrementAndGet() <= 3) {
            System.out.printf(Locale.ROOT, "alert %s-%d answered %d: %s%n", label, n, answer.statusCode(), answer.body());
          }
        } catch (Exception e) {
          if (failures.incrementAndGet() <= 3) {
            System.out.printf(Locale.ROOT, "alert %s-%d failed: %s%n", label, n, e);
          }
        } finally {
          done.countDown();
        }
      }, n * spacingMicros, TimeUnit.MICROSECONDS);
    }
    done.await(10, TimeUnit.MINUTES);
    senders.shutdownNow();
    return opened.get();
  }

  // ---------------------------------------------------------------- the server process

  /** User + system CPU time of the server process so far, from /proc (Linux); 0 elsewhere. */
  private static long cpuMillis(RunbookNode server) {
    try {
      String stat = Files.readString(Path.of("/proc/" + server.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
