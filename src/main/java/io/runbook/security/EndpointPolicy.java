package io.runbook.security;

import java.util.List;
import java.util.Optional;
import org.springframework.util.AntPathMatcher;

/**
 * Who may call which path: the single table behind {@link EngineAuthenticationFilter} and the
 * endpoint inventory test. The first matching rule wins. A path that no rule names needs HTTP Basic
 * (deny by default), and the inventory test fails until a new endpoint is named here.
 */
public final class EndpointPolicy {

  private EndpointPolicy() {}

  /** How a caller proves who they are. */
  public enum Access {
    /** Anyone, without credentials: login pages, static assets, health. */
    PUBLIC,
    /** A person: HTTP Basic against the engine's identity service, then the engine's authorizations. */
    BASIC,
    /** A machine: per-source ingestion token (checked by the detection package's filter). */
    MACHINE_TOKEN,
    /** The Camunda webapps (Tasklist, Cockpit, Admin): their own login form and session. */
    WEBAPP_SESSION,
    /**
     * A metrics scrape: a bearer token ({@code runbook.metrics.scrape-token}, checked by
     * {@link EngineAuthenticationFilter}) or HTTP Basic as for {@link #BASIC}; which people may
     * read the figures is decided by the report package's scrape filter.
     */
    SCRAPE_TOKEN_OR_BASIC
  }

  /** One row of the table. */
  public record Rule(String pattern, Access access, String why) {}

  public static final List<Rule> RULES =
      List.of(
          new Rule("/actuator/health", Access.PUBLIC, "liveness for load balancers, no details"),
          new Rule("/actuator/health/**", Access.PUBLIC, "liveness/readiness groups, no details"),
          new Rule("/actuator/prometheus", Access.SCRAPE_TOKEN_OR_BASIC,
              "incident metrics for Prometheus: scrape token (runbook.metrics.scrape-token) or Basic of a metrics reader"),
          new Rule("/", Access.PUBLIC, "redirect to the Tasklist login page"),
          new Rule("/error", Access.PUBLIC, "the container's error page, never data"),
          new Rule("/status", Access.PUBLIC, "the public status page: only posted status updates (docs/status-page.md)"),
          new Rule("/status/", Access.PUBLIC, "redirect to the public status page"),
          new Rule("/status.json", Access.PUBLIC, "the public status page as JSON"),
          new Rule("/status/feed.atom", Access.PUBLIC, "the public status page's Atom feed"),
          new Rule("/camunda/api/**", Access.WEBAPP_SESSION, "webapp REST API: Camunda's session login"),
          new Rule("/camunda/app/**", Access.WEBAPP_SESSION, "webapp pages: the login page is public, data needs a session"),
          new Rule("/camunda/lib/**", Access.PUBLIC, "webapp static assets"),
          new Rule("/camunda/assets/**", Access.PUBLIC, "webapp static assets"),
          new Rule("/camunda/favicon.ico", Access.PUBLIC, "webapp static asset"),
          new Rule("/camunda-welcome", Access.PUBLIC, "the webapps probe for a stand-alone welcome app (404)"),
          new Rule("/camunda", Access.PUBLIC, "redirect to the webapp"),
          new Rule("/camunda/", Access.PUBLIC, "redirect to the webapp"),
          new Rule("/api/alerts/**", Access.MACHINE_TOKEN, "alert ingestion: per-source token (runbook.ingest)"),
          new Rule("/api/events/**", Access.MACHINE_TOKEN, "event ingestion: per-source token (runbook.ingest)"),
          new Rule("/api/**", Access.BASIC, "Runbook's own API for people"),
          new Rule("/engine-rest/**", Access.BASIC, "Camunda's REST API"));

  private static final AntPathMatcher MATCHER = new AntPathMatcher();

  /** The rule naming this path, if any. */
  public static Optional<Rule> ruleFor(String path) {
    String normalized = path == null || path.isEmpty() ? "/" : path;
    return RULES.stream().filter(rule -> MATCHER.match(rule.pattern(), normalized)).findFirst();
  }

  /** How a caller of this path must authenticate: HTTP Basic when no rule names it. */
  public static Access accessFor(String path) {
    return ruleFor(path).map(Rule::access).orElse(Access.BASIC);
  }
}
