package io.runbook.drill;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who is calling the drill API, checked against Camunda's identity service. Works with whatever
 * authenticated the request: a Camunda authentication already set for the thread, a servlet
 * principal (Spring Security), or else HTTP Basic checked here.
 */
@Component
public class DrillAccess {

  /** Queries here run as the caller; the engine refuses unbounded lists (queryMaxResultsLimit) for them. */
  private static final int MAX_ROWS = 2000;

  /** An authenticated caller and their Camunda groups. */
  public record Caller(String userId, List<String> groups) {}

  private final IdentityService identity;
  private final DrillProperties properties;

  public DrillAccess(IdentityService identity, DrillProperties properties) {
    this.identity = identity;
    this.properties = properties;
  }

  /** The caller, or 401. */
  public Caller authenticated(HttpServletRequest request) {
    Authentication current = identity.getCurrentAuthentication();
    if (current != null && current.getUserId() != null) {
      return caller(current.getUserId());
    }
    Principal principal = request.getUserPrincipal();
    if (principal != null && principal.getName() != null) {
      return caller(principal.getName());
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        throw unauthorized("the Authorization header is not valid HTTP Basic");
      }
      int colon = decoded.indexOf(':');
      if (colon > 0 && identity.checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1))) {
        return caller(decoded.substring(0, colon));
      }
      throw unauthorized("unknown user or wrong password");
    }
    throw unauthorized("authentication required (HTTP Basic with a Runbook user)");
  }

  /** The caller, or 401/403 unless they are in one of the groups allowed to run drills. */
  public Caller mayRunDrills(HttpServletRequest request) {
    Caller caller = authenticated(request);
    if (caller.groups().stream().noneMatch(properties.allowedGroups()::contains)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "drills can be run by members of " + properties.allowedGroups()
          + "; '" + caller.userId() + "' is in " + caller.groups());
    }
    return caller;
  }

  private Caller caller(String userId) {
    List<String> groups = identity.createGroupQuery().groupMember(userId).listPage(0, MAX_ROWS).stream().map(Group::getId).sorted().toList();
    return new Caller(userId, groups);
  }

  private static ApiProblem unauthorized(String message) {
    return new ApiProblem(HttpStatus.UNAUTHORIZED, message);
  }
}
