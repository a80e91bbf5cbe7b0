package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.WebTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist's own request for a filter's task list, over real HTTP with a browser's session: the
 * answer is Camunda's HAL JSON with the card variables embedded and Camunda's date format, and a
 * date in the request body is read in that format. The Tasklist burst benchmark
 * (io.runbook.system.bench.TasklistBurstBenchmark, docs/benchmarks.md) sends the same request.
 */
@WebTest
class TasklistFilterListTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/camunda/api/engine/engine/default";
  /** Camunda REST's date format, yyyy-MM-dd'T'HH:mm:ss.SSSZ. */
  private static final String CAMUNDA_DATE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}";

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;

  @Test
  void aResponderFindsANewIncidentsTriageTaskWithItsCardVariablesInTasklistsListRequest() throws Exception {
    String title = "Filter list probe " + UUID.randomUUID();
    String processInstanceId = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of(ProcessVariables.TITLE, title, "source", "team-observation", "proposedSeverity", "SEV-2")).getId();
    Browser lead = Browser.logIn("http://localhost:" + port, "lead");

    HttpResponse<String> filters = lead.send("GET", API + "/filter?firstResult=0&maxResults=2000&itemCount=false&resourceType=Task", null);
    assertThat(filters.statusCode()).as(filters.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode filter : JSON.readTree(filters.body())) {
      // Exactly the body Tasklist 7.24 sends for the first page of a filter (camunda-tasklist-bootstrap.js).
      HttpResponse<String> list = lead.send("POST", API + "/filter/" + filter.path("id").asText() + "/list?firstResult=0&maxResults=15",
          "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],\"firstResult\":0,\"maxResults\":15,"
              + "\"sorting\":[{\"sortOrder\":\"desc\",\"sortBy\":\"created\"}],\"active\":true}");
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/hal+json"));
      for (JsonNode task : JSON.readTree(list.body()).path("_embedded").path("task")) {
        if (task.path("processInstanceId").asText().equals(processInstanceId)) {
          found.add(task);
        }
      }
    }

    assertThat(found).as("the triage task in one of lead's filters").isNotEmpty();
    JsonNode task = found.get(0);
    assertThat(task.path("created").asText()).matches(CAMUNDA_DATE);
    List<String> variables = new ArrayList<>();
    task.path("_embedded").path("variable").forEach(v -> variables.add(v.path("name").asText() + "=" + v.path("value").asText()));
    assertThat(variables).contains(ProcessVariables.TITLE + "=" + title);
  }

  @Test
  void aDateInTasklistsQueryIsReadInCamundasFormat() throws Exception {
    Browser lead = Browser.logIn("http://localhost:" + port, "lead");
    String filterId = JSON.readTree(lead.send("GET", API + "/filter?resourceType=Task&maxResults=1", null).body()).get(0).path("id").asText();

    HttpResponse<String> later = lead.send("POST", API + "/filter/" + filterId + "/list?firstResult=0&maxResults=15",
        "{\"createdAfter\":\"2999-01-01T00:00:00.000+0000\"}");
    HttpResponse<String> wrongFormat = lead.send("POST", API + "/filter/" + filterId + "/list?firstResult=0&maxResults=15",
        "{\"createdAfter\":\"01.01.2999\"}");

    assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
    assertThat(JSON.readTree(later.body()).path("count").asLong()).isZero();
    assertThat(wrongFormat.statusCode()).as(wrongFormat.body()).isEqualTo(400);
  }

  /** One browser logged in to Tasklist: its cookies (session, XSRF token). */
  private record Browser(HttpClient client, CookieManager cookies, String base) {
    static Browser logIn(String base, String user) throws Exception {
      CookieManager cookies = new CookieManager();
      Browser browser = new Browser(HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build(), cookies, base);
      browser.client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).build(), BodyHandlers.ofString());
      HttpResponse<String> login = browser.client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", browser.xsrf())
          .POST(BodyPublishers.ofString("username=" + user + "&password=" + user)).build(), BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      browser.client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default")).build(), BodyHandlers.ofString());
      return browser;
    }

    String xsrf() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/hal+json, application/json; q=0.5").header("X-XSRF-TOKEN", xsrf());
      if (body == null) {
        request.GET();
      } else {
        request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
      }
      return client.send(request.build(), BodyHandlers.ofString());
    }
  }
}
