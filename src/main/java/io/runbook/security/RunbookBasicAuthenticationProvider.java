package io.runbook.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic against the engine's identity service (Camunda's own provider), with Runbook's realm
 * and a short reason in the 401 body instead of an empty page. A malformed header or blank user
 * is a plain 401, never an error. Repeated wrong passwords slow down the client that sends them
 * ({@link LoginThrottle}); they never lock the user.
 */
public class RunbookBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  public static final String REALM = "Runbook";

  static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    try {
      return super.extractAuthenticatedUser(request, engine);
    } catch (IdentityUnavailableException databaseDown) {
      throw databaseDown;
    } catch (RuntimeException unreadable) {
      return AuthenticationResult.unsuccessful();
    }
  }

  @Override
  protected boolean isAuthenticated(ProcessEngine engine, String userName, String password) {
    if (userName == null || userName.isBlank() || password == null || password.isEmpty()) {
      return false;
    }
    try {
      return engine.getIdentityService().checkPassword(userName, password);
    } catch (RuntimeException refused) {
      if (IdentityUnavailableException.isDatabaseFailure(refused)) {
        // Not a wrong password: the user list could not be read. The filter answers 503, not 401.
        throw new IdentityUnavailableException(refused);
      }
      if (refused instanceof ProcessEngineException) {
        return false;
      }
      throw refused;
    }
  }

  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    response.setHeader("WWW-Authenticate", CHALLENGE);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    try {
      response.getWriter().write(
          "{\"type\":\"AuthenticationRequired\",\"message\":\"Log in with HTTP Basic as a Runbook user\"}");
    } catch (IOException closed) {
      throw new UncheckedIOException(closed);
    }
  }
}
