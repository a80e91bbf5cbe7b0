package io.runbook.drill;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who is calling the drill API: whoever authenticated the request, i.e. the Camunda authentication
 * that io.runbook.security.EngineAuthenticationFilter set for the thread after checking HTTP Basic
 * (or a servlet principal). No password is checked here: one place checks passwords, behind the
 * login throttle.
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
