package io.runbook.statuspage;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.runbook.statuspage.StatusPage.Incident;
import io.runbook.statuspage.StatusPage.Summary;
import io.runbook.statuspage.StatusPage.Update;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public status page: {@code GET /status} (HTML, no JavaScript), {@code GET /status.json}
 * (close to Statuspage's {@code /api/v2/summary.json}) and {@code GET /status/feed.atom} (one entry
 * per posted update). No login: {@link io.runbook.security.EndpointPolicy} names them public. Only
 * what {@link StatusPage} builds from posted updates is shown (docs/status-page.md).
 */
@RestController
public class StatusPageController {

  static final String TEMPLATES = "templates/status/";
  private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  /** Browsers and caches may keep the page this long; a new update shows within it. */
  private static final CacheControl CACHE = CacheControl.maxAge(java.time.Duration.ofSeconds(30)).cachePublic();

  /**
   * HTML, so escaping is on (unlike the plain-text message templates); every name must exist in the
   * model, checked when a page renders in tests, and the template is compiled at start-up.
   */
  static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).nullValue("")
      .withLoader(name -> new InputStreamReader(resource(name + ".mustache"), StandardCharsets.UTF_8));

  private final StatusPage page;
  private final Template template;

  public StatusPageController(StatusPage page) {
    this.page = page;
    try (InputStream in = resource("status-page.mustache")) {
      this.template = HTML.compile(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = StatusPageController.class.getClassLoader().getResourceAsStream(TEMPLATES + name);
    if (in == null) {
      throw new IllegalStateException("missing status page template " + TEMPLATES + name);
    }
    return in;
  }

  /** {@code /status/}, as people type it: the page itself lives at {@code /status}. */
  @GetMapping("/status/")
  public ResponseEntity<Void> withSlash() {
    return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(java.net.URI.create("/status")).build();
  }

  @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> html() {
    Summary summary = page.summary();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", summary.title());
    model.put("indicator", summary.indicator().id);
    model.put("description", summary.indicator().pageDescription);
    List<Map<String, Object>> components = summary.components().stream().map(c -> Map.<String, Object>of(
        "name", c.name(), "status", c.status().id, "statusLabel", c.status().label)).toList();
    model.put("components", components);
    model.put("hasComponents", !components.isEmpty());
    model.put("current", summary.current().stream().map(StatusPageController::htmlIncident).toList());
    model.put("hasCurrent", !summary.current().isEmpty());
    model.put("past", summary.past().stream().map(StatusPageController::htmlIncident).toList());
    model.put("hasPast", !summary.past().isEmpty());
    model.put("historyDays", page.properties().history().toDays());
    model.put("updatedAt", summary.updatedAt().toString());
    model.put("updatedAtText", READABLE.format(summary.updatedAt()));
    model.put("feedUrl", url("/status/feed.atom"));
    model.put("jsonUrl", url("/status.json"));
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CACHE).body(template.execute(model));
  }

  private static Map<String, Object> htmlIncident(Incident incident) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", incident.id());
    m.put("name", incident.name());
    m.put("statusLabel", incident.statusLabel());
    m.put("impactLabel", incident.impact().id);
    m.put("hasComponents", !incident.components().isEmpty());
    m.put("componentNames", incident.components().stream().map(StatusPageProperties.Component::name)
        .collect(Collectors.joining(", ")));
    m.put("updates", incident.updates().stream().map(u -> Map.<String, Object>of(
        "statusLabel", u.statusLabel(), "body", u.body(), "createdAt", u.createdAt().toString(),
        "createdAtText", READABLE.format(u.createdAt()))).toList());
    return m;
  }

  /**
   * Statuspage's summary shape: {@code incidents} are the unresolved ones, as there;
   * {@code past_incidents} (ours) the resolved ones of the history window.
   */
  @GetMapping(path = "/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> json() {
    Summary summary = page.summary();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("page", Map.of("id", "runbook", "name", summary.title(), "url", url("/status"),
        "updated_at", summary.updatedAt().toString()));
    body.put("status", Map.of("indicator", summary.indicator().id, "description", summary.indicator().pageDescription));
    body.put("components", summary.components().stream().map(c -> Map.of("id", c.id(), "name", c.name(),
        "status", c.status().id)).toList());
    body.put("incidents", summary.current().stream().map(StatusPageController::jsonIncident).toList());
    body.put("past_incidents", summary.past().stream().map(StatusPageController::jsonIncident).toList());
    return ResponseEntity.ok().cacheControl(CACHE).body(body);
  }

  private static Map<String, Object> jsonIncident(Incident incident) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", incident.id());
    m.put("name", incident.name());
    m.put("status", incident.status());
    m.put("impact", incident.impact().id);
    m.put("created_at", incident.createdAt().toString());
    m.put("updated_at", incident.updatedAt().toString());
    m.put("resolved_at", incident.resolvedAt() == null ? null : incident.resolvedAt().toString());
    m.put("shortlink", url("/status") + "#" + incident.id());
    m.put("components", incident.components().stream().map(c -> Map.of("id", c.id(), "name", c.name())).toList());
    List<Map<String, Object>> updates = new ArrayList<>();
    for (Update u : incident.updates()) {
      Map<String, Object> um = new LinkedHashMap<>();
      um.put("id", Long.toString(u.id()));
      um.put("incident_id", incident.id());
      um.put("status", u.status());
      um.put("body", u.body());
      um.put("created_at", u.createdAt().toString());
      um.put("updated_at", u.createdAt().toString());
      updates.add(um);
    }
    m.put("incident_updates", updates);
    return m;
  }

  @GetMapping(path = "/status/feed.atom", produces = "application/atom+xml")
  public ResponseEntity<String> atom() throws FeedException {
    Summary summary = page.summary();
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType("atom_1.0");
    feed.setTitle(summary.title());
    feed.setDescription("Every status update posted on " + summary.title());
    feed.setUri(url("/status/feed.atom"));
    feed.setLink(url("/status"));
    feed.setAuthor(summary.title());
    SyndLink self = new SyndLinkImpl();
    self.setRel("self");
    self.setHref(url("/status/feed.atom"));
    self.setType("application/atom+xml");
    SyndLink alternate = new SyndLinkImpl();
    alternate.setRel("alternate");
    alternate.setHref(url("/status"));
    alternate.setType("text/html");
    feed.setLinks(List.of(alternate, self));
    feed.setPublishedDate(Date.from(summary.updatedAt()));

    record Row(Incident incident, Update update) {}
    List<Row> rows = new ArrayList<>();
    summary.incidents().forEach(i -> i.updates().forEach(u -> rows.add(new Row(i, u))));
    rows.sort(Comparator.comparing((Row r) -> r.update().createdAt()).thenComparing(r -> r.update().id()).reversed());
    List<SyndEntry> entries = new ArrayList<>();
    for (Row row : rows) {
      SyndEntry entry = new SyndEntryImpl();
      entry.setUri("urn:runbook:status-update:" + row.update().id());
      entry.setTitle(row.update().statusLabel() + ": " + row.incident().name());
      entry.setLink(url("/status") + "#" + row.incident().id());
      Date at = Date.from(row.update().createdAt());
      entry.setPublishedDate(at);
      entry.setUpdatedDate(at);
      SyndContent content = new SyndContentImpl();
      content.setType("text");
      content.setValue(row.update().body());
      entry.setContents(List.of(content));
      entries.add(entry);
    }
    feed.setEntries(entries);
    Instant newest = rows.isEmpty() ? summary.updatedAt() : rows.get(0).update().createdAt();
    feed.setPublishedDate(Date.from(newest));
    return ResponseEntity.ok().contentType(ATOM).cacheControl(CACHE).body(new SyndFeedOutput().outputString(feed));
  }

  private static String url(String path) {
    return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).toUriString();
  }
}
