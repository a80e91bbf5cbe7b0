package io.runbook.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.runbook.testing.WebTest;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The public status page as an anonymous customer reads it: {@code /status}, {@code /status.json}
 * and {@code /status/feed.atom} show the updates Communications posted and nothing else of the
 * incident; drills and incidents resolved more than 90 days ago never appear.
 */
@WebTest
class StatusPageTest {

  private static final Set<String> COMPONENT_STATES =
      Set.of("operational", "degraded_performance", "partial_outage", "major_outage");

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired StatusUpdates updates;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void resetEngineClock() {
    ClockUtil.reset();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        BodyHandlers.ofString());
  }

  @Test
  void anonymousCustomersSeeOnlyWhatCommunicationsPosted() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String issue = "failed payments <script>alert('" + tag + "')</script> at checkout " + tag;
    ProcessInstance outage = StatusPageFixtures.atStatusPageTask(engine, tag, "SEV-1", "checkout-api", false);
    StatusPageFixtures.post(engine, outage, "Investigating", issue, "Some customers cannot pay " + tag);
    ProcessInstance drill = StatusPageFixtures.atStatusPageTask(engine, "drill" + tag, "SEV-1", "checkout-api", true);
    StatusPageFixtures.post(engine, drill, "Investigating", "drill outage " + tag, "drill impact " + tag);
    // Resolved an hour ago: under past incidents. Resolved 100 days ago: gone.
    ProcessInstance recent = StatusPageFixtures.atStatusPageTask(engine, "recent" + tag, "SEV-2", "public-api", false);
    ClockUtil.setCurrentTime(Date.from(Instant.now().minus(Duration.ofHours(1))));
    StatusPageFixtures.post(engine, recent, "Resolved", "slow API " + tag, "API calls were slow " + tag);
    ProcessInstance old = StatusPageFixtures.atStatusPageTask(engine, "old" + tag, "SEV-2", "public-api", false);
    ClockUtil.setCurrentTime(Date.from(Instant.now().minus(Duration.ofDays(100))));
    StatusPageFixtures.post(engine, old, "Resolved", "ancient outage " + tag, "long ago " + tag);
    ClockUtil.reset();

    HttpResponse<String> page = get("/status");
    assertThat(page.statusCode()).isEqualTo(200);
    HttpResponse<String> typed = get("/status/");
    assertThat(typed.statusCode()).as("/status/ as people type it").isEqualTo(301);
    assertThat(typed.headers().firstValue("Location")).hasValue("/status");
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().allValues("Set-Cookie")).as("no session for the public").isEmpty();
    String html = page.body();
    assertThat(html).contains("<html lang=\"en\">", "name=\"viewport\"", "<main>", "<h1>", "Current incidents",
        "Past incidents (last 90 days)")
        .contains("failed payments &lt;script&gt;alert(&#39;" + tag + "&#39;)&lt;/script&gt; at checkout " + tag)
        .doesNotContain("<script>")
        .contains("Some customers cannot pay " + tag, "slow API " + tag)
        .doesNotContain("drill outage " + tag, "drill impact " + tag, "ancient outage " + tag, "long ago " + tag);
    for (String internal : StatusPageFixtures.internalValues(tag)) {
      assertThat(html).as("internal value on the public page").doesNotContain(internal);
    }
    // Checkout has an open SEV-1 posted: a major outage, said in words.
    assertThat(html).containsPattern("<span>Checkout</span> <span class=\"state major_outage\">Major outage</span>");

    // A later update (as the cadence posts it) comes first.
    updates.insert(outage.getBusinessKey(), "Monitoring", issue, "Monitoring\n\nA fix is in place " + tag,
        "Some customers cannot pay " + tag, "SEV-1", "checkout-api", Instant.now().plusSeconds(1), null);
    html = get("/status").body();
    int article = html.indexOf("<article id=\"" + outage.getBusinessKey() + "\"");
    assertThat(article).isPositive().isLessThan(html.indexOf("Past incidents"));
    assertThat(html.indexOf("A fix is in place " + tag, article)).as("newest update first")
        .isLessThan(html.indexOf("Some customers cannot pay " + tag, article));

    JsonNode summary = json.readTree(get("/status.json").body());
    assertThat(summary.path("page").path("name").asText()).isEqualTo("Service status");
    assertThat(summary.path("status").path("indicator").asText()).isIn("none", "minor", "major", "critical");
    assertThat(summary.path("status").path("description").asText()).isNotBlank();
    assertThat(summary.path("components")).isNotEmpty();
    summary.path("components").forEach(c -> {
      assertThat(c.path("name").asText()).isNotBlank();
      assertThat(c.path("status").asText()).isIn(COMPONENT_STATES);
    });
    JsonNode incident = find(summary.path("incidents"), outage.getBusinessKey());
    assertThat(incident.path("name").asText()).isEqualTo(issue);
    assertThat(incident.path("status").asText()).isEqualTo("monitoring");
    assertThat(incident.path("impact").asText()).as("monitoring: at most minor").isEqualTo("minor");
    assertThat(Instant.parse(incident.path("created_at").asText())).isBefore(Instant.parse(incident.path("updated_at").asText()));
    assertThat(incident.path("incident_updates")).hasSize(2);
    assertThat(incident.path("incident_updates").get(0).path("status").asText()).isEqualTo("monitoring");
    assertThat(incident.path("incident_updates").get(1).path("body").asText())
        .startsWith("Investigating\n\nWe are currently investigating " + issue);
    Instant.parse(incident.path("incident_updates").get(1).path("created_at").asText());
    JsonNode resolved = find(summary.path("past_incidents"), recent.getBusinessKey());
    assertThat(resolved.path("status").asText()).isEqualTo("resolved");
    assertThat(resolved.path("resolved_at").asText()).isNotBlank();
    String raw = summary.toString();
    assertThat(raw).doesNotContain(drill.getBusinessKey(), old.getBusinessKey(), outage.getId());
    for (String internal : StatusPageFixtures.internalValues(tag)) {
      assertThat(raw).doesNotContain(internal);
    }

    HttpResponse<String> atom = get("/status/feed.atom");
    assertThat(atom.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/atom+xml"));
    SyndFeed feed = new SyndFeedInput().build(new StringReader(atom.body()));
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    List<SyndEntry> entries = feed.getEntries();
    List<String> ours = new ArrayList<>();
    for (SyndEntry entry : entries) {
      String body = entry.getContents().get(0).getValue();
      if (body.contains(tag)) {
        ours.add(entry.getTitle());
      }
    }
    assertThat(ours).containsExactly("Monitoring: " + issue, "Investigating: " + issue, "Resolved: slow API " + tag);
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).getPublishedDate()).as("newest first").isBeforeOrEqualTo(entries.get(i - 1).getPublishedDate());
    }
    assertThat(atom.body()).doesNotContain("<script>").doesNotContain("drill outage " + tag);
  }

  private static JsonNode find(JsonNode incidents, String id) {
    return StreamSupport.stream(incidents.spliterator(), false).filter(i -> id.equals(i.path("id").asText()))
        .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + incidents));
  }
}
