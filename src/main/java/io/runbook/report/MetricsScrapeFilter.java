package io.runbook.report;

import io.runbook.api.ApiAccess.Caller;
import io.runbook.security.EndpointPolicy;
import io.runbook.security.EndpointPolicy.Access;
import io.runbook.security.EngineAuthenticationFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * After authentication, on {@code /actuator/prometheus}: a scrape with the scrape token passes; a
 * person (HTTP Basic, checked by EngineAuthenticationFilter) passes only as a metrics reader
 * ({@link MetricsReaders}), else 403. Then the gauges are brought up to date if they are stale, so
 * the scrape reads figures at most {@code runbook.metrics.refresh} old.
 */
public class MetricsScrapeFilter implements Filter {

  private final IdentityService identity;
  private final MetricsReaders readers;
  private final IncidentGauges gauges;

  public MetricsScrapeFilter(IdentityService identity, MetricsReaders readers, IncidentGauges gauges) {
    this.identity = identity;
    this.readers = readers;
    this.gauges = gauges;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String path = (http.getServletPath() == null ? "" : http.getServletPath()) + (http.getPathInfo() == null ? "" : http.getPathInfo());
    if (EndpointPolicy.accessFor(path) != Access.SCRAPE_TOKEN_OR_BASIC) {
      chain.doFilter(request, response);
      return;
    }
    if (!Boolean.TRUE.equals(http.getAttribute(EngineAuthenticationFilter.SCRAPE_TOKEN_ACCEPTED))) {
      Authentication person = identity.getCurrentAuthentication();
      if (person == null || person.getUserId() == null) {
        refuse((HttpServletResponse) response, HttpServletResponse.SC_UNAUTHORIZED, "AuthenticationRequired",
            "Scrape with the scrape token (Authorization: Bearer) or HTTP Basic as a metrics reader");
        return;
      }
      Caller caller = new Caller(person.getUserId(),
          person.getGroupIds() == null ? List.of() : person.getGroupIds().stream().sorted().toList());
      if (!readers.mayRead(caller)) {
        refuse((HttpServletResponse) response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", readers.refusal(caller));
        return;
      }
    }
    gauges.refreshIfStale();
    chain.doFilter(request, response);
  }

  private static void refuse(HttpServletResponse response, int status, String type, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
  }
}
