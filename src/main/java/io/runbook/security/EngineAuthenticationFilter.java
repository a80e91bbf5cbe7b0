package io.runbook.security;

import io.runbook.security.EndpointPolicy.Access;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * Camunda's REST authentication filter, applied to every path that {@link EndpointPolicy} marks
 * {@link Access#BASIC}: {@code /engine-rest/**}, people's {@code /api/**} and anything not named.
 * It sets the engine's authentication (user and groups) for the request, so authorizations and
 * the user operation log see the caller, and clears it afterwards. Wrong or missing credentials
 * get 401 with a {@code WWW-Authenticate: Basic} challenge and no data.
 *
 * <p>Browsers remember Basic credentials once a person typed them into the login dialog, and send
 * them along with requests that other sites trigger. A state-changing request whose {@code Origin}
 * is another site is therefore refused with 403; API clients send no {@code Origin}.
 *
 * <p>A {@code GET} or {@code HEAD} of the person-facing {@code /api/**} without an
 * {@code Authorization} header is also accepted from a browser logged in to the Camunda webapps
 * (their session, engine {@code default}): the Cockpit incident board reads {@code /api/board} that
 * way. Writes always need Basic ({@link WebappSessionReads}).
 *
 * <p>Paths are classified after the container has decoded and normalized them (servlet path plus
 * path info), so {@code /api/alerts/../incidents} is judged as {@code /api/incidents}.
 *
 * <p>On {@link Access#SCRAPE_TOKEN_OR_BASIC} paths ({@code /actuator/prometheus}) a request with
 * {@code Authorization: Bearer} must present the configured scrape token (compared in constant
 * time; none configured refuses every token) and is marked {@link #SCRAPE_TOKEN_ACCEPTED}; any
 * other request is Basic as above. Which people may read the figures is decided after this filter.
 */
public class EngineAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  /** Request attribute (Boolean.TRUE) set when the request presented the valid scrape token. */
  public static final String SCRAPE_TOKEN_ACCEPTED = EngineAuthenticationFilter.class.getName() + ".scrapeToken";

  /** SHA-256 of the configured scrape token, or null when none is configured. */
  private final byte[] scrapeTokenDigest;

  public EngineAuthenticationFilter() {
    this(null);
  }

  /** @param scrapeToken the bearer token a metrics scrape may present; null or blank: none */
  public EngineAuthenticationFilter(String scrapeToken) {
    this.scrapeTokenDigest = scrapeToken == null || scrapeToken.isBlank() ? null : sha256(scrapeToken.strip());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String path = pathWithinApplication(http);
    Access access = EndpointPolicy.accessFor(path);
    if (access == Access.SCRAPE_TOKEN_OR_BASIC && bearerToken(http) != null) {
      checkScrapeToken(http, (HttpServletResponse) response, chain);
      return;
    }
    if (access != Access.BASIC && access != Access.SCRAPE_TOKEN_OR_BASIC) {
      chain.doFilter(request, response);
      return;
    }
    try {
      if (WebappSessionReads.applies(path, http)) {
        String userId = WebappSessionReads.userOf(http);
        if (userId != null) {
          continueAs(userId, http, response, chain);
          return;
        }
      }
      authenticateAndContinue(http, response, chain);
    } catch (IdentityUnavailableException databaseDown) {
      HttpServletResponse unavailable = (HttpServletResponse) response;
      if (!unavailable.isCommitted()) {
        unavailable.resetBuffer();
        unavailable.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        unavailable.setHeader("Retry-After", "5");
        unavailable.setContentType("application/json");
        unavailable.setCharacterEncoding("UTF-8");
        unavailable.getWriter().write(
            "{\"type\":\"ServiceUnavailable\",\"message\":\"Credentials cannot be checked right now (database unavailable); retry later\"}");
      }
    }
  }

  /**
   * A read of the person-facing {@code /api/**} by a browser logged in to the webapps (the Cockpit
   * incident board): runs as the session's user with their groups as the identity service knows
   * them now ({@link WebappSessionReads}).
   */
  private void continueAs(String userId, HttpServletRequest http, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ProcessEngine engine = getAddressedEngine(DEFAULT_ENGINE_NAME);
    if (engine == null || engine.getIdentityService().createUserQuery().userId(userId).count() == 0) {
      // Deleted since the login: like no session at all.
      authenticateAndContinue(http, response, chain);
      return;
    }
    setAuthenticatedUser(engine, userId, getGroupsOfUser(engine, userId), getTenantsOfUser(engine, userId));
    try {
      chain.doFilter(http, response);
    } finally {
      clearAuthentication(engine);
    }
  }

  private void authenticateAndContinue(HttpServletRequest http, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    super.doFilter(http, response, (authenticated, out) -> {
      if (isCrossSiteWrite(http)) {
        HttpServletResponse refused = (HttpServletResponse) out;
        refused.setStatus(HttpServletResponse.SC_FORBIDDEN);
        refused.setContentType("application/json");
        refused.getWriter().write(
            "{\"type\":\"CrossSiteRequestRefused\",\"message\":\"Changes are not accepted from another site's pages\"}");
      } else {
        chain.doFilter(authenticated, out);
      }
    });
  }

  private void checkScrapeToken(HttpServletRequest http, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    byte[] presented = sha256(bearerToken(http));
    if (scrapeTokenDigest != null && MessageDigest.isEqual(presented, scrapeTokenDigest)) {
      http.setAttribute(SCRAPE_TOKEN_ACCEPTED, Boolean.TRUE);
      chain.doFilter(http, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"Runbook metrics\", " + RunbookBasicAuthenticationProvider.CHALLENGE);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(
        "{\"type\":\"AuthenticationRequired\",\"message\":\"Unknown scrape token (runbook.metrics.scrape-token)\"}");
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  static String bearerToken(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      String token = value.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /** A write sent by a browser from a page of another origin (scheme, host and port). */
  static boolean isCrossSiteWrite(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null || SAFE_METHODS.contains(request.getMethod())) {
      return false;
    }
    try {
      URI from = URI.create(origin);
      int fromPort = from.getPort() != -1 ? from.getPort() : "https".equalsIgnoreCase(from.getScheme()) ? 443 : 80;
      return !(request.getScheme().equalsIgnoreCase(from.getScheme())
          && request.getServerName().equalsIgnoreCase(from.getHost())
          && request.getServerPort() == fromPort);
    } catch (IllegalArgumentException | NullPointerException unreadable) {
      return true;
    }
  }

  /** Unlike Camunda's default, even the engine list ({@code /engine-rest/engine}) needs credentials. */
  @Override
  protected boolean requiresEngineAuthentication(String requestUrl) {
    return true;
  }

  static String pathWithinApplication(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }
}
