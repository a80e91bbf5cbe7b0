package io.runbook.audit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client side of {@link AuditBenchmark}, started by it as a JVM of its own: asks the server for
 * one incident, its timeline, its replay at an instant and the history list as {@code auditor}, one
 * request at a time, and prints median and p95 per request with the ratio to the baseline (a plain
 * {@code GET /api/incidents/{id}}) measured in the same run. Exits 1 when a median reaches the target.
 *
 * <p>Arguments: base URL, incident id, replay instant, rounds, requests per round, target in ms.
 */
public final class AuditBenchmarkClient {

  private static final String AUDITOR = "Basic " + Base64.getEncoder().encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8));

  private AuditBenchmarkClient() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String incidentId = args[1];
    String middle = args[2];
    int rounds = Integer.parseInt(args[3]);
    int perRound = Integer.parseInt(args[4]);
    double target = Double.parseDouble(args[5]);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("baseline: GET /api/incidents/{id}", base + "/api/incidents/" + incidentId);
    requests.put("timeline: GET /api/incidents/{id}/timeline", base + "/api/incidents/" + incidentId + "/timeline");
    requests.put("replay: GET /api/incidents/{id}/state?at=", base + "/api/incidents/" + incidentId + "/state?at=" + middle);
    requests.put("history list: GET /api/audit/incidents", base + "/api/audit/incidents?size=20");
    requests.put("history list: ?q=&severity=&from=", base + "/api/audit/incidents?q=bench+9&severity=SEV-2&from=2020-01-01&size=50");
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    requests.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
    for (int w = 0; w < 3; w++) {
      for (String url : requests.values()) {
        for (int i = 0; i < perRound; i++) {
          get(client, url);
        }
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, String> request : requests.entrySet()) {
        for (int i = 0; i < perRound; i++) {
          samples.get(request.getKey()).add(get(client, request.getValue()).nanos());
        }
      }
    }
    double baseline = percentile(samples.values().iterator().next(), 50);
    boolean met = true;
    System.out.printf(Locale.ROOT, "%-45s %9s %9s %9s%n",
        "request (" + rounds * perRound + " each, one client JVM)", "median", "p95", "x baseline");
    for (Map.Entry<String, List<Long>> sample : samples.entrySet()) {
      double median = percentile(sample.getValue(), 50);
      double p95 = percentile(sample.getValue(), 95);
      int chars = get(client, requests.get(sample.getKey())).chars();
      System.out.printf(Locale.ROOT, "%-45s %7.1f ms %6.1f ms %9.1f %8d chars%n", sample.getKey(), median, p95, median / baseline, chars);
      met &= median < target;
    }
    System.out.println(met ? "PASS: every median under " + (long) target + " ms" : "FAIL: a median is " + (long) target + " ms or more");
    System.exit(met ? 0 : 1);
  }

  private record Answer(long nanos, int chars) {}

  private static Answer get(HttpClient client, String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUDITOR).GET().build();
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return new Answer(took, response.body().length());
  }

  private static double percentile(List<Long> nanos, double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1_000_000.0;
  }
}
