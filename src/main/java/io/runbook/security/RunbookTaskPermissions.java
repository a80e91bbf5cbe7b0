package io.runbook.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
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

  static final class Provider extends DefaultAuthorizationProvider {
    @Override
    protected Permission[] getRuntimePermissions(boolean enforceSpecificVariablePermission) {
      return forTaskHolders(enforceSpecificVariablePermission).toArray(new Permission[0]);
    }
  }
}
