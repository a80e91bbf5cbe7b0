package io.runbook.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.runbook.process.ActionItemFollowUp;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.RunbookReview;
import io.runbook.process.SecurityReview;
import io.runbook.system.RunbookGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The grants behind "who can do what", created at start-up after the groups ({@link RunbookGroups})
 * and the shared Tasklist filters exist. The grants Runbook owns are kept exact: a missing
 * permission is added, and a permission or grant of a runbook group that is no longer wanted is
 * taken away, so an older database loses its wider grants on upgrade. Runbook owns every grant of a
 * runbook group on {@code *} (any resource), on a process definition and on a web application; the
 * shared filters' grants are completed, never reduced, and the engine's per-task grants are
 * completed and lose Camunda's default UPDATE (variable writes).
 *
 * <p>Tasks are not granted here: when a task is offered to a group or assigned to a person, the
 * engine itself grants that group or person READ, TASK_WORK, TASK_ASSIGN ({@link
 * RunbookTaskPermissions}) and (with enforceSpecificVariablePermission) READ_VARIABLE on that one task. So a responder works the triage task offered to responders, and
 * cannot even see the Legal review task.
 *
 * <p>Need-to-know: Security's and Legal's reviews run as processes of their own
 * ({@link SecurityReview#PROCESS_KEY}, {@link LegalReview#PROCESS_KEY}).
 * Only their own group, auditors and administrators are granted anything on those definitions
 * beyond READ (the model); every other read is granted per process key ({@link #WORK_PROCESSES}),
 * never on {@code *}. The Incident Commander reads the reviews of their incident through
 * {@code GET /api/incidents/{id}/reviews}.
 */
@Component
@Order(10)
public class RunbookAuthorizations extends AbstractProcessEnginePlugin {

  /** People who work incidents in Tasklist. */
  public static final List<String> WORKERS =
      List.of(
          RunbookGroups.RESPONDERS,
          RunbookGroups.TEAM_LEADS,
          RunbookGroups.ENGINEERING_MANAGERS,
          RunbookGroups.CTO,
          RunbookGroups.SECURITY,
          RunbookGroups.LEGAL,
          RunbookGroups.COMMUNICATIONS);

  /** Application ids of the Camunda webapps (resource APPLICATION). */
  public static final String TASKLIST = "tasklist";
  public static final String COCKPIT = "cockpit";

  /** One grant: a group gets permissions on a resource (one id or {@code *}). */
  public record Grant(String groupId, Resource resource, String resourceId, List<Permission> permissions) {
    Grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
      this(groupId, resource, resourceId, List.of(permissions));
    }

    /** Group, resource type and resource id: one authorization in the engine. */
    List<Object> key() {
      return List.of(groupId, resource.resourceType(), resourceId);
    }

    /** This grant with the other's permissions too (the same group, resource and id). */
    Grant with(Grant other) {
      List<Permission> union = new ArrayList<>(permissions);
      other.permissions().stream().filter(p -> !union.contains(p)).forEach(union::add);
      return new Grant(groupId, resource, resourceId, union);
    }
  }

  /** Worker groups that also open Cockpit, for the incident board (managers and auditors have it anyway). */
  public static final List<String> BOARD_VIEWERS_IN_TASKLIST =
      List.of(RunbookGroups.TEAM_LEADS, RunbookGroups.ENGINEERING_MANAGERS, RunbookGroups.CTO);

  /**
   * Process definitions whose instances every worker group may read: everything but the reviews. A
   * post-mortem's action items are as readable as the published post-mortem that lists them.
   */
  public static final List<String> WORK_PROCESSES =
      List.of(
          IncidentResponse.PROCESS_KEY,
          IncidentMitigation.PROCESS_KEY,
          IncidentNotification.PROCESS_KEY,
          RunbookReview.PROCESS_KEY,
          ActionItemFollowUp.PROCESS_KEY);

  /** Each review process and the one group that does and reads it. */
  public static final Map<String, String> REVIEW_PROCESSES =
      Map.of(
          SecurityReview.PROCESS_KEY, RunbookGroups.SECURITY,
          LegalReview.PROCESS_KEY, RunbookGroups.LEGAL);

  /** The fixed grants; shared Tasklist filters are added by id when the engine starts. */
  public static List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    for (String worker : WORKERS) {
      grants.add(new Grant(worker, Resources.APPLICATION, TASKLIST, Permissions.ACCESS));
      // The models of every process (Tasklist draws them); no instance, task or history data.
      grants.add(new Grant(worker, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ));
      for (String key : WORK_PROCESSES) {
        List<Permission> permissions = new ArrayList<>(List.of(
            ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
            ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE));
        if (key.equals(IncidentResponse.PROCESS_KEY)) {
          permissions.add(ProcessDefinitionPermissions.CREATE_INSTANCE);
        }
        grants.add(new Grant(worker, Resources.PROCESS_DEFINITION, key, permissions));
      }
      // Starting a process needs CREATE on process instances as well as CREATE_INSTANCE on its definition.
      grants.add(new Grant(worker, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE));
      grants.addAll(directory(worker));
    }
    REVIEW_PROCESSES.forEach((key, group) -> grants.add(new Grant(group, Resources.PROCESS_DEFINITION, key,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.READ_TASK_VARIABLE)));

    // The incident board is a Cockpit dashboard plugin: the leads and managers among the workers open
    // Cockpit for it (with their worker grants above: running incidents, no tasks of others).
    for (String boardViewer : BOARD_VIEWERS_IN_TASKLIST) {
      grants.add(new Grant(boardViewer, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
    }

    String managers = RunbookGroups.MANAGERS;
    grants.add(new Grant(managers, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
    grants.add(new Grant(managers, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ));
    for (String key : WORK_PROCESSES) {
      grants.add(new Grant(managers, Resources.PROCESS_DEFINITION, key,
          ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE));
    }
    grants.add(new Grant(managers, Resources.DEPLOYMENT, ANY, Permissions.READ));
    grants.add(new Grant(managers, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY));
    grants.add(new Grant(managers, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ));
    grants.add(new Grant(managers, Resources.BATCH, ANY, BatchPermissions.READ, BatchPermissions.READ_HISTORY));
    // Not the TaskWorker category: it logs task comment edits with their text, of the reviews too.
    // Task work on the processes above is readable through READ_HISTORY on their definitions.
    for (String category : List.of(UserOperationLogEntry.CATEGORY_OPERATOR, UserOperationLogEntry.CATEGORY_ADMIN)) {
      grants.add(new Grant(managers, Resources.OPERATION_LOG_CATEGORY, category, UserOperationLogCategoryPermissions.READ));
    }
    grants.addAll(directory(managers));

    String auditors = RunbookGroups.AUDITORS;
    grants.add(new Grant(auditors, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
    grants.add(new Grant(auditors, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE));
    grants.add(new Grant(auditors, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ));
    grants.add(new Grant(auditors, Resources.OPERATION_LOG_CATEGORY, ANY, UserOperationLogCategoryPermissions.READ));
    grants.addAll(directory(auditors));

    for (Resources resource : Resources.values()) {
      grants.add(new Grant(RunbookGroups.ADMINS, resource, ANY, Permissions.ALL));
    }
    return grants;
  }

  /** Read users and groups: Tasklist shows names, forms name people (team assembly). */
  private static List<Grant> directory(String groupId) {
    return List.of(
        new Grant(groupId, Resources.USER, ANY, Permissions.READ),
        new Grant(groupId, Resources.GROUP, ANY, Permissions.READ));
  }

  /** Groups that use Tasklist and so read its shared filters. */
  static List<String> filterReaders() {
    return Stream.concat(WORKERS.stream(), Stream.of(RunbookGroups.MANAGERS)).toList();
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ensureGrants(engine);
    backfillTaskGrants(engine);
  }

  /** Groups whose grants Runbook owns. */
  static List<String> runbookGroups() {
    return Stream.concat(RunbookGroups.ALL.keySet().stream(), Stream.of(RunbookGroups.ADMINS)).toList();
  }

  /** Runbook owns a runbook group's grants on {@code *}, on process definitions and on the web applications. */
  static boolean owned(Authorization authorization) {
    return ANY.equals(authorization.getResourceId())
        || authorization.getResourceType() == Resources.PROCESS_DEFINITION.resourceType()
        || authorization.getResourceType() == Resources.APPLICATION.resourceType();
  }

  /**
   * Makes the grants exactly {@link #grants()} plus the shared filters' grants: creates missing
   * grants, adds missing permissions, and takes away permissions and grants of runbook groups that
   * Runbook owns ({@link #owned}) but no longer wants. Returns how many authorizations it created,
   * changed or deleted.
   */
  public int ensureGrants(ProcessEngine engine) {
    AuthorizationService authorizations = engine.getAuthorizationService();
    Map<List<Object>, Grant> wanted = new LinkedHashMap<>();
    List<Grant> all = new ArrayList<>(grants());
    all.addAll(sharedFilterGrants(engine.getFilterService()));
    for (Grant grant : all) {
      wanted.merge(grant.key(), grant, Grant::with);
    }
    int changed = 0;
    for (Grant grant : wanted.values()) {
      changed += ensure(authorizations, grant, owned(grant)) ? 1 : 0;
    }
    for (Authorization existing : ownedGrants(authorizations)) {
      if (!wanted.containsKey(List.of(existing.getGroupId(), existing.getResourceType(), existing.getResourceId()))) {
        authorizations.deleteAuthorization(existing.getId());
        changed++;
      }
    }
    return changed;
  }

  private static boolean owned(Grant grant) {
    return ANY.equals(grant.resourceId())
        || grant.resource().resourceType() == Resources.PROCESS_DEFINITION.resourceType()
        || grant.resource().resourceType() == Resources.APPLICATION.resourceType();
  }

  private static List<Authorization> ownedGrants(AuthorizationService authorizations) {
    String[] groups = runbookGroups().toArray(String[]::new);
    Map<String, Authorization> found = new LinkedHashMap<>();
    Stream.of(
            authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groups)
                .resourceId(ANY).list(),
            authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groups)
                .resourceType(Resources.PROCESS_DEFINITION).list(),
            authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groups)
                .resourceType(Resources.APPLICATION).list())
        .flatMap(List::stream)
        .filter(RunbookAuthorizations::owned)
        .forEach(authorization -> found.putIfAbsent(authorization.getId(), authorization));
    return List.copyOf(found.values());
  }

  private static List<Grant> sharedFilterGrants(FilterService filters) {
    List<Grant> grants = new ArrayList<>();
    for (Filter filter : filters.createFilterQuery().list()) {
      if (filter.getOwner() == null) {
        for (String group : filterReaders()) {
          grants.add(new Grant(group, Resources.FILTER, filter.getId(), Permissions.READ));
        }
      }
    }
    return grants;
  }

  /** Creates the grant or completes its permissions; {@code exact} also takes away the others. */
  private static boolean ensure(AuthorizationService authorizations, Grant grant, boolean exact) {
    Authorization existing = authorizations.createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(grant.groupId())
        .resourceType(grant.resource())
        .resourceId(grant.resourceId())
        .singleResult();
    Authorization authorization = existing;
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(grant.groupId());
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    }
    boolean changed = existing == null;
    if (exact && existing != null) {
      AuthorizationEntity wanted = new AuthorizationEntity(AUTH_TYPE_GRANT);
      grant.permissions().forEach(wanted::addPermission);
      if (((AuthorizationEntity) existing).getPermissions() != wanted.getPermissions()) {
        ((AuthorizationEntity) existing).setPermissions(wanted.getPermissions());
        changed = true;
      }
    }
    for (Permission permission : grant.permissions()) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(authorization);
    }
    return changed;
  }

  /**
   * Open tasks whose holders lack the engine's per-task grants (created while authorization checks
   * were off) or still have Camunda's default UPDATE (created before {@link RunbookTaskPermissions}):
   * give their candidate groups, candidate users and assignee exactly the grants new tasks get, so
   * nobody loses work on upgrade and nobody keeps the right to write variables.
   */
  void backfillTaskGrants(ProcessEngine engine) {
    AuthorizationService authorizations = engine.getAuthorizationService();
    TaskService tasks = engine.getTaskService();
    List<Permission> work = RunbookTaskPermissions.forTaskHolders(
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).isEnforceSpecificVariablePermission());
    for (Task task : tasks.createTaskQuery().list()) {
      List<String[]> holders = new ArrayList<>();
      if (task.getAssignee() != null) {
        holders.add(new String[] {task.getAssignee(), null});
      }
      for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
        if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
          holders.add(new String[] {link.getUserId(), link.getGroupId()});
        }
      }
      for (String[] holder : holders) {
        ensureTaskGrant(authorizations, task.getId(), holder[0], holder[1], work);
      }
    }
  }

  private static void ensureTaskGrant(
      AuthorizationService authorizations, String taskId, String userId, String groupId, List<Permission> work) {
    var query = authorizations.createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT).resourceType(Resources.TASK).resourceId(taskId);
    query = userId != null ? query.userIdIn(userId) : query.groupIdIn(groupId);
    Authorization authorization = query.singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setUserId(userId);
      authorization.setGroupId(groupId);
      authorization.setResource(Resources.TASK);
      authorization.setResourceId(taskId);
    } else if (work.stream().allMatch(authorization::isPermissionGranted)
        && !authorization.isPermissionGranted(TaskPermissions.UPDATE)
        && !authorization.isPermissionGranted(TaskPermissions.UPDATE_VARIABLE)) {
      return;
    }
    if (authorization.getId() != null) {
      // Replace the old grant's permissions: UPDATE (Camunda's default) would keep variable writes open.
      for (Permission excess : new Permission[] {TaskPermissions.UPDATE, TaskPermissions.UPDATE_VARIABLE}) {
        if (authorization.isPermissionGranted(excess)) {
          authorization.removePermission(excess);
        }
      }
    }
    work.forEach(authorization::addPermission);
    authorizations.saveAuthorization(authorization);
  }
}
