package io.runbook.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the engine grants the people a task is offered or assigned to: READ, TASK_WORK (claim,
 * complete, comment) and TASK_ASSIGN (unclaim, hand over), plus READ_VARIABLE when specific
 * variable permissions are enforced. Camunda's default is UPDATE, which also lets a task holder
 * write any process variable through {@code PUT /task/{id}/variables/{name}}; with these grants
 * the engine itself refuses that (403), whatever route a request takes.
 */
@Component
@Order(-5)
public class RunbookTaskPermissions extends AbstractProcessEnginePlugin {

  /** The permissions a task holder gets on that one task. */
  public static List<Permission> forTaskHolders(boolean enforceSpecificVariablePermission) {
    List<Permission> permissions = new ArrayList<>(
        List.of(TaskPermissions.READ, TaskPermissions.TASK_WORK, TaskPermissions.TASK_ASSIGN));
    if (enforceSpecificVariablePermission) {
      permissions.add(TaskPermissions.READ_VARIABLE);
    }
    return permissions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setDefaultUserPermissionNameForTask(TaskPermissions.TASK_WORK.getName());
    configuration.setResourceAuthorizationProvider(new Provider());
  }

  /**
   * What a task's owner gets: READ (and READ_VARIABLE), not work. Runbook makes the Incident
   * Commander the owner of their incident's tasks so the *My incidents as Incident Commander*
   * filter lists them; seeing them is the point, working them stays with the people they are offered to.
   */
  public static List<Permission> forTaskOwners(boolean enforceSpecificVariablePermission) {
    return enforceSpecificVariablePermission
        ? List.of(TaskPermissions.READ, TaskPermissions.READ_VARIABLE)
        : List.of(TaskPermissions.READ);
  }

  static final class Provider extends DefaultAuthorizationProvider {
    @Override
    protected Permission[] getRuntimePermissions(boolean enforceSpecificVariablePermission) {
      return forTaskHolders(enforceSpecificVariablePermission).toArray(new Permission[0]);
    }

    @Override
    public AuthorizationEntity[] newTaskOwner(Task task, String oldOwner, String newOwner) {
      if (newOwner == null) {
        return null;
      }
      Permission[] read = forTaskOwners(isEnforceSpecificVariablePermission()).toArray(new Permission[0]);
      return new AuthorizationEntity[] {createOrUpdateAuthorization(task, newOwner, null, Resources.TASK, false, read)};
    }
  }
}
