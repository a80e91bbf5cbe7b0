package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.testing.RunbookNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Runbook nodes, each its own JVM ({@link RunbookNode}), on one PostgreSQL (embedded), sending
 * their mail to one GreenMail in this JVM. SEV-1 clocks are cut to seconds (acknowledge within 4 s,
 * then one level every 2 s), so every incident pages the on-call and tells the Team Lead at once
 * (SEV-1's "Immediate"), then the Engineering Manager and the CTO within about 8 s of opening.
 *
 * <ol>
 *   <li>The same new alert key posted to both nodes at once opens one incident.</li>
 *   <li>100 incidents and a storm of duplicate alerts spread over both nodes: one incident per key,
 *       every alert on it, every page and escalation sent exactly once, both nodes did work, the
 *       timeline names the nodes.</li>
 *   <li>{@code kill -9} of one node while timers are due and alerts arrive: the other node fires the
 *       timers (releasing the dead node's locked jobs after {@code dead-after}, not after the 20
 *       minutes of lock time) and sends the pages; nothing lost; a message sent twice only where
 *       docs/nodes.md says it can be (handed over after the dead node's claim expired); every alert
 *       answered 202 is on its incident.</li>
 * </ol>
 *
 * Not a web-tier test: it starts its own JVMs, so it runs in the own-JVM tier (no tier tag).
 */
@Tag("nodes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesTest {

  private static final String TOKEN = "demo-generic-alert-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  static EmbeddedPostgres postgres;
  static GreenMail smtp;
  static RunbookNode a;
  static RunbookNode b;
  static JdbcTemplate db;
  static long startedAt;

  @BeforeAll
  static void startNodes() throws IOException {
    startedAt = System.nanoTime();
    postgres = EmbeddedPostgres.builder().start();
    db = new JdbcTemplate(postgres.getPostgresDatabase());
    int smtpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    // Both nodes start at the same moment on the empty database: one creates the engine's schema and
    // ours, its users, groups and filters while the other waits for it (StartupLock).
    a = node("node-a", smtpPort).start();
    b = node("node-b", smtpPort).start();
    a.awaitReady(Duration.ofMinutes(3));
    b.awaitReady(Duration.ofMinutes(3));
    System.out.printf("TwoNodesTest: PostgreSQL and two nodes ready in %d s%n", seconds(startedAt));
  }

  private static RunbookNode.Builder node(String id, int smtpPort) {
    return RunbookNode.builder(id)
        .database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")
        .property("spring.profiles.active", "demo")
        .property("spring.mail.host", "127.0.0.1")
        .property("spring.mail.port", smtpPort)
        .property("runbook.severities.sev1.response-time", "PT4S")
        .property("runbook.severities.sev1.escalation-interval", "PT2S")
        .property("runbook.notify.dispatch.grace", "PT10S")
        .property("runbook.notify.retry-intervals", "PT2S,PT2S,PT2S")
        .property("runbook.nodes.heartbeat-every", "PT1S")
        .property("runbook.nodes.dead-after", "PT4S")
        .property("runbook.ingest.busy-wait", "10s")
        .property("runbook.detection.sync-delay", "200ms")
        .property("spring.datasource.hikari.maximum-pool-size", 12)
        .property("camunda.bpm.job-execution.max-wait", 2000);
  }

  @AfterAll
  static void stopNodes() {
    RunbookNode.stopAll(Duration.ofSeconds(20), a, b);
    if (smtp != null) {
      smtp.stop();
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException ignored) {
        // the test result stands
      }
    }
    System.out.printf("TwoNodesTest: %d s in all%n", seconds(startedAt));
  }

  @Test
  @Order(0)
  void twoNodesStartedAtOnceOnAnEmptyDatabaseStartOneAfterTheOtherAndCreateEverythingOnce() {
    List<String> waited = new ArrayList<>(a.logLines("Waiting for another node to finish starting"));
    waited.addAll(b.logLines("Waiting for another node to finish starting"));
    assertThat(waited).as("one node waited for the other's start-up").hasSize(1);
    assertThat(db.queryForList("select key_ from act_re_procdef where key_ = 'incident-response'"))
        .as("one deployment of the incident process").hasSize(1);
    assertThat(db.queryForList("select name_ from act_ru_filter where name_ = 'My action items'"))
        .as("each Tasklist filter once").hasSize(1);
  }

  @Test
  @Order(1)
  void theSameNewKeyPostedToBothNodesAtOnceOpensOneIncident() throws Exception {
    long start = System.nanoTime();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add("both-" + RUN + "-" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      for (String key : keys) {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int copy = 0; copy < 6; copy++) {
          RunbookNode target = copy % 2 == 0 ? a : b;
          answers.add(pool.submit(() -> {
            gate.await();
            return post(target, key, "warning");
          }));
        }
        gate.countDown();
        Set<String> incidents = new HashSet<>();
        for (Future<Answer> answer : answers) {
          assertThat(answer.get().status()).as(key).isEqualTo(202);
          incidents.add(answer.get().incidentId());
        }
        assertThat(incidents).as("incidents named in the answers for " + key).hasSize(1);
        assertThat(db.queryForList("SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?", String.class, key))
            .as("incidents for " + key).containsExactlyElementsOf(incidents);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key = ?", Integer.class, key))
            .as("alerts on " + key).isEqualTo(6);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.queryForList("SELECT DISTINCT accepted_by FROM rb_alert WHERE dedup_key LIKE ?", String.class,
        "both-" + RUN + "-%")).containsExactlyInAnyOrder("node-a", "node-b");
    System.out.printf("TwoNodesTest: same key on both nodes, 10 keys x 6: %d s%n", seconds(start));
  }

  @Test
  @Order(2)
  void hundredIncidentsAndAnAlertStormOverBothNodesSendEveryPageAndEscalationOnce() throws Exception {
    long start = System.nanoTime();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("storm-" + RUN + "-" + i);
    }
    // Five alerts per key, in random order, each to a random node: the first ones of a key race on both.
    List<String> requests = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      requests.addAll(keys);
    }
    Collections.shuffle(requests);
    Map<String, List<String>> answered = storm(requests, () -> true);
    assertThat(answered.values().stream().mapToInt(List::size).sum()).as("alerts answered 202").isEqualTo(500);

    awaitEscalatedAndSent(keys, Duration.ofSeconds(120));
    for (String key : keys) {
      List<String> incidents = incidentsOf(key);
      assertThat(incidents).as("incidents for " + key).hasSize(1);
      assertThat(Set.copyOf(answered.get(key))).as("incident in every answer for " + key).containsExactlyElementsOf(incidents);
      assertThat(db.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key = ?", Integer.class, key)).isEqualTo(5);
    }
    assertEscalatedOnceEach(keys);
    assertSentExactlyOnce(keys);

    String like = "storm-" + RUN + "-%";
    assertThat(db.queryForList("SELECT DISTINCT opened_by FROM rb_incident_registry WHERE dedup_key LIKE ?", String.class, like))
        .as("nodes that opened incidents").containsExactlyInAnyOrder("node-a", "node-b");
    assertThat(db.queryForList("SELECT DISTINCT e.node_id FROM rb_escalation_event e JOIN rb_incident_registry r"
        + " ON r.incident_id = e.incident_id WHERE r.dedup_key LIKE ? AND e.kind = 'breach'", String.class, like))
        .as("nodes whose job executor fired escalation timers").containsExactlyInAnyOrder("node-a", "node-b");
    assertThat(db.queryForList("SELECT DISTINCT n.claimed_by FROM rb_notification n JOIN rb_incident_registry r"
        + " ON r.incident_id = n.incident_id WHERE r.dedup_key LIKE ?", String.class, like))
        .as("nodes that sent notifications").containsExactlyInAnyOrder("node-a", "node-b");

    // The audit timeline tells which node did what.
    JsonNode timeline = getJson(b, "/api/incidents/" + incidentsOf(keys.get(0)).get(0) + "/timeline", "auditor");
    Set<String> nodesNamed = new HashSet<>();
    for (JsonNode event : timeline.path("events")) {
      for (String field : List.of("acceptedBy", "node", "sentBy", "openedBy")) {
        if (event.path("details").hasNonNull(field)) {
          nodesNamed.add(field + "=" + event.path("details").path(field).asText());
        }
      }
    }
    assertThat(nodesNamed).as("node ids in the timeline").anyMatch(s -> s.startsWith("acceptedBy=node-"))
        .anyMatch(s -> s.startsWith("node=node-")).anyMatch(s -> s.startsWith("sentBy=node-"))
        .anyMatch(s -> s.startsWith("openedBy=node-"));
    System.out.printf("TwoNodesTest: 100 incidents, 500 alerts, all escalations sent: %d s%n", seconds(start));
  }

  @Test
  @Order(3)
  void killMinusNineOfOneNodeLosesNothingAndTheOtherFiresItsTimers() throws Exception {
    long start = System.nanoTime();
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 20; i++) {
      keys.add("kill-" + RUN + "-" + i);
    }
    List<String> first = List.copyOf(keys);
    Map<String, List<String>> answered = new ConcurrentHashMap<>(storm(first, () -> true));
    // Timers fall due from 4 s on; kill node-a while they fire and while alerts keep arriving.
    await().atMost(Duration.ofSeconds(60)).until(() -> breaches(first) > 0);
    AtomicBoolean posting = new AtomicBoolean(true);
    List<String> more = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      more.add(i % 3 == 0 ? "kill-" + RUN + "-late-" + i : first.get(i % first.size()));
    }
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<Map<String, List<String>>> late = background.submit(() -> storm(more, posting::get));
    await().atMost(Duration.ofSeconds(30)).until(() -> answered(late) || db.queryForObject(
        "SELECT COUNT(*) FROM rb_alert WHERE dedup_key LIKE ?", Integer.class, "kill-" + RUN + "-late-%") > 5);
    Instant killedAt = Instant.now();
    a.kill();
    Map<String, List<String>> lateAnswers = late.get();
    background.shutdown();
    lateAnswers.forEach((key, ids) -> answered.merge(key, ids, (x, y) -> {
      List<String> all = new ArrayList<>(x);
      all.addAll(y);
      return all;
    }));
    List<String> allKeys = answered.keySet().stream().filter(k -> !incidentsOf(k).isEmpty()).sorted().toList();
    assertThat(allKeys).containsAll(first);

    awaitEscalatedAndSent(allKeys, Duration.ofSeconds(120));
    long recoverySeconds = Duration.between(killedAt, Instant.now()).toSeconds();
    for (Map.Entry<String, List<String>> entry : answered.entrySet()) {
      List<String> incidents = incidentsOf(entry.getKey());
      assertThat(incidents).as("incidents for " + entry.getKey()).hasSize(1);
      assertThat(Set.copyOf(entry.getValue())).as("answers for " + entry.getKey()).containsExactlyElementsOf(incidents);
      assertThat(db.queryForObject("SELECT COUNT(*) FROM rb_alert WHERE dedup_key = ? AND incident_id = ?", Integer.class,
          entry.getKey(), incidents.get(0))).as("alerts on the incident of " + entry.getKey())
          .isGreaterThanOrEqualTo(entry.getValue().size());
    }
    assertEscalatedOnceEach(allKeys);
    assertSentAtLeastOnce(allKeys);
    assertThat(db.queryForObject("SELECT COUNT(*) FROM rb_escalation_event WHERE node_id = 'node-b' AND occurred_at > ?",
        Integer.class, Timestamp.from(killedAt))).as("escalations node-b fired after node-a died").isPositive();
    assertThat(b.logLines("Node node-a silent for more than")).as("node-b presumed node-a dead").isNotEmpty();
    System.out.printf("TwoNodesTest: kill -9 node-a; %d incidents complete %d s after the kill; %d s in all%n",
        allKeys.size(), recoverySeconds, seconds(start));
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private record Answer(int status, String incidentId) {}

  /** Posts one critical alert per entry, 16 at a time, each to a random node alive; the 202 answers by key. */
  private static Map<String, List<String>> storm(List<String> keys, java.util.function.BooleanSupplier goOn)
      throws Exception {
    Map<String, List<String>> answered = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (String key : keys) {
        sent.add(pool.submit(() -> {
          if (!goOn.getAsBoolean()) {
            return;
          }
          List<RunbookNode> alive = Arrays.stream(new RunbookNode[] {a, b}).filter(RunbookNode::isAlive).toList();
          RunbookNode target = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
          try {
            Answer answer = post(target, key, "critical");
            if (answer.status() == 202) {
              answered.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(answer.incidentId());
            }
          } catch (UncheckedIOException nodeDied) {
            // A request to the node being killed gets no answer: not counted as answered.
          }
        }));
      }
      for (Future<?> future : sent) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return answered;
  }

  private static boolean answered(Future<?> future) {
    return future.isDone();
  }

  private static Answer post(RunbookNode node, String key, String severity) {
    String body = "{\"title\":\"Checkout errors " + key + "\",\"dedupKey\":\"" + key + "\",\"severity\":\"" + severity + "\"}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/alerts"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String incident = response.statusCode() == 202 ? JSON.readTree(response.body()).path("incidentId").asText() : null;
      return new Answer(response.statusCode(), incident);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode getJson(RunbookNode node, String path, String user) throws Exception {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Authorization", "Basic " + credentials).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<String> incidentsOf(String key) {
    return db.queryForList("SELECT incident_id FROM rb_incident_registry WHERE dedup_key = ?", String.class, key);
  }

  private static int breaches(List<String> keys) {
    return db.queryForObject("SELECT COUNT(*) FROM rb_escalation_event e JOIN rb_incident_registry r ON r.incident_id ="
        + " e.incident_id WHERE e.kind = 'breach' AND r.dedup_key IN (" + in(keys) + ")", Integer.class, keys.toArray());
  }

  private static String in(List<String> keys) {
    return keys.stream().map(k -> "?").collect(Collectors.joining(","));
  }

  /**
   * Until every incident of the keys was paged and told three levels (Team Lead with the page, then
   * Engineering Manager and CTO at their breaches), and every message of theirs is delivered (by the dispatcher or by its notification process).
   */
  private static void awaitEscalatedAndSent(List<String> keys, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Integer incomplete = db.queryForObject("SELECT COUNT(*) FROM rb_incident_registry r WHERE r.dedup_key IN ("
          + in(keys) + ") AND (SELECT COUNT(DISTINCT e.level_no) FROM rb_escalation_event e WHERE e.incident_id ="
          + " r.incident_id AND e.kind IN ('inform', 'breach')) < 3", Integer.class, keys.toArray());
      assertThat(incomplete).as("incidents not yet escalated to the CTO").isZero();
      Integer unsent = db.queryForObject("SELECT COUNT(*) FROM rb_notification n JOIN rb_incident_registry r ON"
          + " r.incident_id = n.incident_id WHERE r.dedup_key IN (" + in(keys) + ") AND n.delivered_at IS NULL",
          Integer.class, keys.toArray());
      assertThat(unsent).as("notifications not delivered yet").isZero();
    });
  }

  /**
   * Each incident: one page, one step per level (the Team Lead told with the page, SEV-1's
   * "Immediate"; then a breach each for levels 2 and 3), never a step twice.
   */
  private static void assertEscalatedOnceEach(List<String> keys) {
    List<Map<String, Object>> steps = db.queryForList("SELECT e.incident_id, e.kind, e.sla, e.level_no, COUNT(*) AS times"
        + " FROM rb_escalation_event e JOIN rb_incident_registry r ON r.incident_id = e.incident_id WHERE r.dedup_key IN ("
        + in(keys) + ") GROUP BY e.incident_id, e.kind, e.sla, e.level_no", keys.toArray());
    assertThat(steps).as("escalation steps logged twice").allSatisfy(step ->
        assertThat(((Number) step.get("times")).intValue()).as(step.toString()).isEqualTo(1));
    Map<Object, Long> perIncident = steps.stream().collect(Collectors.groupingBy(s -> s.get("incident_id"), Collectors.counting()));
    assertThat(perIncident).hasSize(keys.size());
    assertThat(perIncident.values()).as("steps per incident: page + three levels").containsOnly(4L);
  }

  /** GreenMail received, for every (subject, recipients), exactly one mail per recipient and outbox row. */
  private static void assertSentExactlyOnce(List<String> keys) throws Exception {
    Map<String, int[]> expected = expectedMail(keys);
    Map<String, Integer> received = receivedMail(expected.keySet());
    Map<String, String> wrong = new TreeMap<>();
    expected.forEach((mail, counts) -> {
      int got = received.getOrDefault(mail, 0);
      if (got != counts[0] + counts[1]) {
        wrong.put(mail, "expected " + (counts[0] + counts[1]) + ", received " + got);
      }
    });
    assertThat(wrong).as("mails not received exactly once").isEmpty();
  }

  /**
   * After a kill: every message at least once; twice at most for a message the dead node wrote and
   * did not record as delivered (handed over to its process after the claim expired), never for one
   * the dispatcher sent and recorded.
   */
  private static void assertSentAtLeastOnce(List<String> keys) throws Exception {
    Map<String, int[]> expected = expectedMail(keys);
    Map<String, Integer> received = receivedMail(expected.keySet());
    Map<String, String> wrong = new TreeMap<>();
    int doubled = 0;
    for (Map.Entry<String, int[]> entry : expected.entrySet()) {
      int direct = entry.getValue()[0];
      int handedOver = entry.getValue()[1];
      int got = received.getOrDefault(entry.getKey(), 0);
      if (got < direct + handedOver || got > direct + 2 * handedOver) {
        wrong.put(entry.getKey(), "direct " + direct + ", handed over " + handedOver + ", received " + got);
      }
      doubled += Math.max(0, got - direct - handedOver);
    }
    assertThat(wrong).as("mails lost, or doubled outside the at-least-once window").isEmpty();
    System.out.printf("TwoNodesTest: %d mail(s) sent twice, all of them messages handed over after node-a died%n", doubled);
  }

  /** Per "subject | recipients": {mails of rows the dispatcher sent, mails of rows handed to a process}. */
  private static Map<String, int[]> expectedMail(List<String> keys) {
    Map<String, int[]> expected = new HashMap<>();
    for (Map<String, Object> row : db.queryForList("SELECT n.subject, n.recipients, n.channel, n.process_instance_id"
        + " FROM rb_notification n JOIN rb_incident_registry r ON r.incident_id = n.incident_id WHERE r.dedup_key IN ("
        + in(keys) + ")", keys.toArray())) {
      assertThat(row.get("channel")).as("channel of " + row).isEqualTo("email");
      List<String> to = Arrays.stream(((String) row.get("recipients")).split(",")).map(String::trim).sorted().toList();
      int[] counts = expected.computeIfAbsent(row.get("subject") + " | " + String.join(",", to), k -> new int[2]);
      counts[row.get("process_instance_id") == null ? 0 : 1] += to.size();
    }
    return expected;
  }

  private static Map<String, Integer> receivedMail(Set<String> wanted) throws MessagingException {
    Map<String, Integer> received = new HashMap<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      Address[] to = message.getRecipients(Message.RecipientType.TO);
      String key = message.getSubject() + " | " + Arrays.stream(to).map(Address::toString).sorted()
          .collect(Collectors.joining(","));
      if (wanted.contains(key)) {
        received.merge(key, 1, Integer::sum);
      }
    }
    return received;
  }

  private static long seconds(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toSeconds();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
