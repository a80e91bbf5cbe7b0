package io.runbook.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Set;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;

/**
 * Reads of Runbook's own API from a page of the Camunda webapps. A Cockpit plugin (the incident
 * board) runs in the browser with the webapp's session cookie, not with Basic credentials; so a
 * {@code GET} or {@code HEAD} of the person-facing {@code /api/**} that carries no
 * {@code Authorization} header runs as the user logged in to that session for engine
 * {@code default}. Only reads: a write (POST, PUT, PATCH, DELETE) through a session would need
 * CSRF protection, so writes keep needing HTTP Basic and a session alone gets 401 for them. The
 * machine ingestion paths ({@code /api/alerts/**}, {@code /api/events/**}) are not Basic paths and
 * never reach this.
 */
public final class WebappSessionReads {

  private WebappSessionReads() {}

  static final String ENGINE = "default";
  static final Set<String> READS = Set.of("GET", "HEAD");

  /** Whether a session may stand in for Basic on this request: a read of {@code /api/**} without credentials. */
  static boolean applies(String path, HttpServletRequest request) {
    return path.startsWith("/api/") && READS.contains(request.getMethod())
        && request.getHeader("Authorization") == null;
  }

  /** The user logged in to the webapps in this request's existing session, or null. */
  static String userOf(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null) {
      return null;
    }
    Authentication authentication = authentications.getAuthenticationForProcessEngine(ENGINE);
    if (authentication == null || authentication.getIdentityId() == null
        || Authentication.ANONYMOUS.equals(authentication)) {
      return null;
    }
    return authentication.getIdentityId();
  }
}
