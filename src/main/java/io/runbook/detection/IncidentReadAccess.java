package io.runbook.detection;

import io.runbook.process.IncidentResponse;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may read incidents and their alerts through {@code /api/incidents}: the people Camunda lets
 * read the incident process's history (READ_HISTORY on process definition {@code incident-response},
 * granted to responders, security, legal, communications, managers and auditors) and Camunda
 * administrators. A user without such a grant, for instance one created in Admin but in no runbook
 * group, gets 403, the same answer Cockpit's history gives them.
 */
@Component
public class IncidentReadAccess {

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final ProcessEngineConfigurationImpl configuration;

  public IncidentReadAccess(IdentityService identity, AuthorizationService authorizations,
      ProcessEngineConfigurationImpl configuration) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.configuration = configuration;
  }

  /** Returns quietly when the caller may read incidents; otherwise 401 or 403 naming why. */
  public void check() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new IngestException(HttpStatus.UNAUTHORIZED, "authentication required (HTTP Basic with a Runbook user)");
    }
    if (!configuration.isAuthorizationEnabled()) {
      return;
    }
    String userId = caller.getUserId();
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    boolean admin = contains(configuration.getAdminUsers(), userId)
        || groups.stream().anyMatch(group -> contains(configuration.getAdminGroups(), group));
    if (admin || authorizations.isUserAuthorized(userId, groups, ProcessDefinitionPermissions.READ_HISTORY,
        Resources.PROCESS_DEFINITION, IncidentResponse.PROCESS_KEY)) {
      return;
    }
    throw new IngestException(HttpStatus.FORBIDDEN, "'" + userId + "' may not read incidents: that needs "
        + "READ_HISTORY on process definition '" + IncidentResponse.PROCESS_KEY + "' (any runbook group has it)");
  }

  private static boolean contains(List<String> list, String value) {
    return list != null && list.contains(value);
  }
}
