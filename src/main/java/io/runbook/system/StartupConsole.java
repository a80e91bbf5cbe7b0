package io.runbook.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * When the application is ready, says on the console where to open the product (the real port and
 * context path) and, in the demo profile only, how to log in and how to raise a first alert. Outside
 * the demo profile nothing about credentials or tokens is printed.
 */
@Component
public class StartupConsole implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupConsole.class);

  /** What the console needs of a demo ingestion source ({@code runbook.ingest.sources.*}). */
  record Source(String endpoint, String kind, List<String> tokens) {}

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    ApplicationContext context = event.getApplicationContext();
    Integer port = context instanceof WebServerApplicationContext web && web.getWebServer() != null
        ? Integer.valueOf(web.getWebServer().getPort()) : null;
    LOG.info(String.join(System.lineSeparator(), lines(context.getEnvironment(), port)));
    List<String> warnings = context.getBeansOfType(StartupWarnings.class).values().stream()
        .flatMap(part -> part.startupWarnings().stream()).toList();
    if (!warnings.isEmpty()) {
      LOG.warn(String.join(System.lineSeparator(), warningLines(warnings)));
    }
  }

  /** Loud lines for what a person must fix, printed after the addresses so they are the last thing seen. */
  static List<String> warningLines(List<String> warnings) {
    List<String> lines = new ArrayList<>();
    String rule = "!".repeat(100);
    lines.add("");
    lines.add(rule);
    lines.add("!! Runbook started, but " + warnings.size() + (warnings.size() == 1 ? " thing needs" : " things need")
        + " fixing:");
    warnings.forEach(warning -> lines.add("!!   " + warning));
    lines.add(rule);
    return lines;
  }

  /** The lines printed; {@code port}: the port the web server listens on (null: {@code server.port}). */
  static List<String> lines(Environment environment, Integer port) {
    String base = baseUrl(environment, port);
    String webapps = base + path(environment.getProperty("camunda.bpm.webapp.application-path", "/camunda"));
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Runbook is ready. Open:");
    String[][] places = {
        {"Tasklist", webapps + "/app/tasklist/", "work on incident tasks"},
        {"Cockpit", webapps + "/app/cockpit/", "follow running incidents"},
        {"Admin", webapps + "/app/admin/", "users and groups"},
        {"API", base + "/api/incidents", "incidents as JSON (HTTP Basic); alert endpoints: docs/alerts.md"},
        {"Health", base + "/actuator/health", ""}};
    int width = java.util.Arrays.stream(places).mapToInt(p -> p[1].length()).max().orElse(0);
    for (String[] place : places) {
      lines.add(String.format("  %-9s %-" + width + "s  %s", place[0], place[1], place[2]).stripTrailing());
    }
    if (environment.acceptsProfiles(Profiles.of("demo"))) {
      lines.addAll(demo(environment, base));
    }
    lines.add("");
    return lines;
  }

  private static List<String> demo(Environment environment, String base) {
    Binder binder = Binder.get(environment);
    List<String> lines = new ArrayList<>();
    lines.add("Demo profile (never in production): log in as one of these users; the password is the user id.");
    List<DemoUsers.DemoUser> users = binder.bind("runbook.demo.users", Bindable.listOf(DemoUsers.DemoUser.class))
        .orElse(List.of());
    for (DemoUsers.DemoUser user : users) {
      String groups = user.groups() == null ? "" : String.join(", ", user.groups());
      lines.add(String.format("  %-10s %s%s", user.id(), groups,
          Objects.equals(user.id(), user.password()) ? "" : " (password: see runbook.demo.users)"));
    }
    String admin = environment.getProperty("camunda.bpm.admin-user.id");
    if (admin != null) {
      lines.add(String.format("  %-10s camunda-admin%s", admin,
          Objects.equals(admin, environment.getProperty("camunda.bpm.admin-user.password")) ? "" : " (password: see camunda.bpm.admin-user)"));
    }
    Map<String, Source> sources = binder.bind("runbook.ingest.sources", Bindable.mapOf(String.class, Source.class))
        .orElse(new LinkedHashMap<>());
    sources.values().stream()
        .filter(s -> "generic".equals(s.endpoint()) && s.tokens() != null && !s.tokens().isEmpty())
        // The health-check source's alert is the one the README walks through.
        .min(java.util.Comparator.comparing(s -> !"health-check".equals(s.kind())))
        .ifPresent(source -> {
          lines.add("Raise a demo alert (a SEV-1 for the on-call to triage in Tasklist):");
          lines.add("  curl -X POST " + base + "/api/alerts -H 'Authorization: Bearer " + source.tokens().get(0) + "'"
              + " -H 'Content-Type: application/json' -d '{\"title\": \"Checkout health check failing\", \"source\": \""
              + (source.kind() == null ? "monitoring" : source.kind()) + "\", \"severity\": \"critical\","
              + " \"dedupKey\": \"hc-checkout\"}'");
        });
    return lines;
  }

  private static String baseUrl(Environment environment, Integer port) {
    boolean https = environment.getProperty("server.ssl.enabled", Boolean.class, false)
        || environment.getProperty("server.ssl.bundle") != null;
    String address = environment.getProperty("server.address");
    String host = address == null || address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
    int actual = port != null ? port : environment.getProperty("server.port", Integer.class, 8080);
    return (https ? "https" : "http") + "://" + host + ":" + actual
        + path(environment.getProperty("server.servlet.context-path", ""));
  }

  /** "/camunda" from "camunda", "/camunda/" or "/camunda"; "" for none or "/". */
  private static String path(String value) {
    String trimmed = value == null ? "" : value.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? "" : trimmed.startsWith("/") ? trimmed : "/" + trimmed;
  }
}
