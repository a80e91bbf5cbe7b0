package io.runbook.security;

import io.runbook.security.EndpointPolicy.Access;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.util.AntPathMatcher;

/**
 * The door of {@link LoginThrottle}: a client that must wait gets {@code 429 Too Many Requests}
 * with {@code Retry-After} for every login it tries (HTTP Basic credentials on a Basic path, or the
 * webapps' login form) before anything is checked; the answer is the same whoever it names and
 * whether that user exists. Every other request passes, with the engine's password checks during
 * it counted for the client.
 *
 * <p>The client is {@code request.getRemoteAddr()}: behind the TLS proxy, Tomcat's RemoteIpValve
 * has already replaced it with the address the proxy reports (prod profile).
 */
public class LoginThrottleFilter implements Filter {

  /** The webapps' login form: {@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}. */
  static final String WEBAPP_LOGIN = "/camunda/api/admin/auth/user/*/login/*";

  private static final AntPathMatcher MATCHER = new AntPathMatcher();

  private final LoginThrottle throttle;

  public LoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String client = LoginThrottle.clientKey(http.getRemoteAddr());
    boolean login = isLogin(http);
    if (login) {
      Optional<Duration> wait = throttle.admit(client);
      if (wait.isPresent()) {
        refuse((HttpServletResponse) response, wait.get());
        return;
      }
    }
    try {
      throttle.during(client, () -> chain.doFilter(request, response));
    } catch (IOException | ServletException | RuntimeException passedOn) {
      throw passedOn;
    } catch (Exception unexpected) {
      throw new ServletException(unexpected);
    } finally {
      if (login) {
        throttle.release(client);
      }
    }
  }

  /** A request whose credentials would be checked: Basic on a Basic path, or the login form. */
  static boolean isLogin(HttpServletRequest request) {
    String path = EngineAuthenticationFilter.pathWithinApplication(request);
    if ("POST".equals(request.getMethod()) && MATCHER.match(WEBAPP_LOGIN, path)) {
      return true;
    }
    Access access = EndpointPolicy.accessFor(path);
    return request.getHeader("Authorization") != null
        && (access == Access.BASIC
            || access == Access.SCRAPE_TOKEN_OR_BASIC && EngineAuthenticationFilter.bearerToken(request) == null);
  }

  private static void refuse(HttpServletResponse response, Duration wait) throws IOException {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(seconds));
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"type\":\"TooManyFailedLogins\",\"message\":\"Too many failed logins from your"
        + " address: no password is checked for it for " + seconds + " s (Retry-After)\"}");
  }
}
