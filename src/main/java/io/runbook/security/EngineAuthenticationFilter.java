package io.runbook.security;

import io.runbook.security.EndpointPolicy.Access;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * Camunda's REST authentication filter, applied to every path that {@link EndpointPolicy} marks
 * {@link Access#BASIC}: {@code /engine-rest/**}, people's {@code /api/**} and anything not named.
 * It sets the engine's authentication (user and groups) for the request, so authorizations and
 * the user operation log see the caller, and clears it afterwards. Wrong or missing credentials
 * get 401 with a {@code WWW-Authenticate: Basic} challenge and no data.
 *
 * <p>Paths are classified after the container has decoded and normalized them (servlet path plus
 * path info), so {@code /api/alerts/../incidents} is judged as {@code /api/incidents}.
 */
public class EngineAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (EndpointPolicy.accessFor(pathWithinApplication((HttpServletRequest) request)) != Access.BASIC) {
      chain.doFilter(request, response);
      return;
    }
    super.doFilter(request, response, chain);
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
