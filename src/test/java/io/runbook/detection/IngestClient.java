package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A plain HTTP client for the tests: real requests to the running web layer, any body, any header. */
final class IngestClient {

  static final String ALERTMANAGER_TOKEN = "test-alertmanager-token-1";
  static final String PAGERDUTY_KEY = "test0pagerduty0routing0key000001";
  static final String GENERIC_TOKEN = "test-generic-token-0001";
  static final String GENERIC_TOKEN_ROTATED = "test-generic-token-rotated";
  static final String SCANNER_TOKEN = "test-scanner-token-0001";

  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status, the header asked for most often, and the body parsed when it is JSON. */
  record Response(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException notJson) {
        throw new AssertionError("not JSON: " + body, notJson);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  IngestClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  Response postJson(String path, Object body, String bearerToken) {
    String text = toJson(body);
    return bearerToken == null
        ? post(path, "application/json", text)
        : post(path, "application/json", text, "Authorization", "Bearer " + bearerToken);
  }

  Response alertmanager(Object notification) {
    return postJson("/api/alerts/alertmanager", notification, ALERTMANAGER_TOKEN);
  }

  Response generic(Object alert, String token) {
    return postJson("/api/alerts", alert, token);
  }

  Response pagerDuty(Object event) {
    return postJson("/api/events/v2/enqueue", event, null);
  }

  /** A person's request: HTTP Basic like every person-facing /api endpoint. */
  Response get(String path) {
    return getAs("responder", "responder", path);
  }

  Response getAs(String userId, String password, String path) {
    String credentials = Base64.getEncoder().encodeToString((userId + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + credentials).GET().build());
  }

  static String toJson(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PagerDuty Events v2 event. */
  static Map<String, Object> pdEvent(String action, String dedupKey, Map<String, Object> payload) {
    Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("routing_key", PAGERDUTY_KEY);
    event.put("event_action", action);
    if (dedupKey != null) {
      event.put("dedup_key", dedupKey);
    }
    if (payload != null) {
      event.put("payload", payload);
    }
    return event;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
