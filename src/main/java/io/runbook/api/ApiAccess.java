package io.runbook.api;

import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one access check of the person-facing {@code /api/**}: who is calling is the engine
 * authentication (user and groups) that io.runbook.security.EngineAuthenticationFilter set for the
 * request after checking HTTP Basic behind the login throttle. No password is checked here.
 */
@Component
public class ApiAccess {

  /** An authenticated caller and their Camunda groups. */
  public record Caller(String userId, List<String> groups) {}

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final ProcessEngineConfigurationImpl configuration;

  public ApiAccess(IdentityService identity, AuthorizationService authorizations,
      ProcessEngineConfigurationImpl configuration) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.configuration = configuration;
  }

  /** The caller, or 401. */
  public Caller caller() {
    Authentication current = identity.getCurrentAuthentication();
    if (current == null || current.getUserId() == null) {
      throw new ApiProblem(HttpStatus.UNAUTHORIZED, "authentication required (HTTP Basic with a Runbook user)");
    }
    List<String> groups = current.getGroupIds() == null ? List.of() : current.getGroupIds().stream().sorted().toList();
    return new Caller(current.getUserId(), groups);
  }

  /** The caller, or 401/403 unless they are in one of these groups; {@code refusal} says why not. */
  public Caller inAnyGroup(Collection<String> allowed, String refusal) {
    Caller caller = caller();
    if (caller.groups().stream().noneMatch(allowed::contains)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, refusal + "; '" + caller.userId() + "' is in " + caller.groups());
    }
    return caller;
  }

  /**
   * The caller, or 401/403 unless Camunda grants them the permission on the resource (or they are a
   * Camunda administrator, or authorization checks are off); {@code refusal} says what is needed.
   */
  public Caller granted(Permission permission, Resource resource, String resourceId, String refusal) {
    Caller caller = caller();
    if (!configuration.isAuthorizationEnabled() || isAdmin(caller) || isGranted(caller, permission, resource, resourceId)) {
      return caller;
    }
    throw new ApiProblem(HttpStatus.FORBIDDEN, "'" + caller.userId() + "' " + refusal);
  }

  /** Whether Camunda grants the caller the permission on the resource. */
  public boolean isGranted(Caller caller, Permission permission, Resource resource, String resourceId) {
    return authorizations.isUserAuthorized(caller.userId(), caller.groups(), permission, resource, resourceId);
  }

  /** A Camunda administrator (admin user or member of an admin group). */
  public boolean isAdmin(Caller caller) {
    return contains(configuration.getAdminUsers(), caller.userId())
        || caller.groups().stream().anyMatch(group -> contains(configuration.getAdminGroups(), group));
  }

  private static boolean contains(List<String> list, String value) {
    return list != null && list.contains(value);
  }
}
