package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.system.RunbookGroups;
import io.runbook.system.TasklistFilters;
import io.runbook.testing.EngineTest;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The start-up grants: what each group may do, created once however often the product starts, and
 * exact: an upgraded database loses the grants Runbook no longer gives.
 */
@EngineTest
class RunbookAuthorizationsTest {

  @Autowired ProcessEngine engine;
  @Autowired RunbookAuthorizations grants;
  @Autowired AuthorizationService authorizations;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;

  private boolean allowed(String user, org.camunda.bpm.engine.authorization.Permission permission,
      org.camunda.bpm.engine.authorization.Resource resource, String resourceId) {
    var groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
    return authorizations.isUserAuthorized(user, groups, permission, resource, resourceId);
  }

  @Test
  void restartingCreatesNoDuplicateGrants() {
    long before = authorizations.createAuthorizationQuery().count();

    assertThat(grants.ensureGrants(engine)).as("grants changed by a second start").isZero();
    grants.backfillTaskGrants(engine);

    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(before);
  }

  @Test
  void aMissingPermissionIsRestoredOnTheNextStart() {
    Authorization responders = authorizations.createAuthorizationQuery()
        .groupIdIn(RunbookGroups.RESPONDERS).resourceType(Resources.PROCESS_DEFINITION)
        .resourceId(IncidentResponse.PROCESS_KEY).singleResult();
    responders.removePermission(ProcessDefinitionPermissions.CREATE_INSTANCE);
    authorizations.saveAuthorization(responders);
    assertThat(allowed("responder", ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION,
        IncidentResponse.PROCESS_KEY)).isFalse();

    assertThat(grants.ensureGrants(engine)).isEqualTo(1);

    assertThat(allowed("responder", ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION,
        IncidentResponse.PROCESS_KEY)).isTrue();
  }

  @Test
  void eachGroupGetsItsApplicationAndTheSharedFilters() {
    String groupFilter = filters.createFilterQuery().filterName(TasklistFilters.GROUP_TASKS).singleResult().getId();
    for (String user : new String[] {"responder", "lead", "manager", "cto", "security", "legal", "comms"}) {
      assertThat(allowed(user, Permissions.ACCESS, Resources.APPLICATION, "tasklist")).as(user).isTrue();
      assertThat(allowed(user, Permissions.READ, Resources.FILTER, groupFilter)).as(user).isTrue();
      assertThat(allowed(user, Permissions.READ, Resources.USER, "lead")).as(user).isTrue();
    }
    assertThat(allowed("manager", Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
    assertThat(allowed("auditor", Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
    // The incident board is in Cockpit: team leads, engineering managers and the CTO open it too.
    assertThat(allowed("lead", Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
    assertThat(allowed("cto", Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
    for (String user : new String[] {"security", "legal", "comms"}) {
      assertThat(allowed(user, Permissions.ACCESS, Resources.APPLICATION, "cockpit")).as(user).isFalse();
    }
    assertThat(allowed("auditor", Permissions.ACCESS, Resources.APPLICATION, "tasklist")).isFalse();
    assertThat(allowed("responder", Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isFalse();
    assertThat(allowed("responder", Permissions.ACCESS, Resources.APPLICATION, "admin")).isFalse();
    assertThat(allowed("admin", Permissions.ALL, Resources.AUTHORIZATION, "anything")).isTrue();
  }

  @Test
  void tasksFromBeforeAuthorizationWasOnAreGivenToTheirGroupsAtStart() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    ProcessInstance incident;
    configuration.setAuthorizationEnabled(false);
    try {
      incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
          Map.of("title", "Old incident", "source", "user-report", "proposedSeverity", "SEV-3"));
    } finally {
      configuration.setAuthorizationEnabled(true);
    }
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId()).singleResult().getId();
    assertThat(allowed("responder", TaskPermissions.TASK_WORK, Resources.TASK, taskId)).as("before the backfill").isFalse();

    grants.backfillTaskGrants(engine);

    assertThat(allowed("responder", TaskPermissions.READ, Resources.TASK, taskId)).isTrue();
    assertThat(allowed("responder", TaskPermissions.TASK_WORK, Resources.TASK, taskId)).isTrue();
    assertThat(allowed("responder", TaskPermissions.TASK_ASSIGN, Resources.TASK, taskId)).isTrue();
    assertThat(allowed("responder", TaskPermissions.UPDATE, Resources.TASK, taskId)).as("no variable writes").isFalse();
    assertThat(allowed("legal", TaskPermissions.READ, Resources.TASK, taskId)).isFalse();
  }

  @Test
  void taskHoldersWorkTheirTaskButCannotWriteItsVariablesAndOldGrantsAreNarrowed() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "New incident", "source", "user-report", "proposedSeverity", "SEV-3"));
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId()).singleResult().getId();
    assertThat(allowed("responder", TaskPermissions.TASK_WORK, Resources.TASK, taskId)).isTrue();
    assertThat(allowed("responder", TaskPermissions.UPDATE_VARIABLE, Resources.TASK, taskId)).isFalse();
    assertThat(allowed("responder", TaskPermissions.UPDATE, Resources.TASK, taskId)).isFalse();

    // A database from before: the engine had given the group UPDATE on the task.
    org.camunda.bpm.engine.authorization.Authorization old = engine.getAuthorizationService().createAuthorizationQuery()
        .resourceType(Resources.TASK).resourceId(taskId).groupIdIn("responders").singleResult();
    old.addPermission(TaskPermissions.UPDATE);
    engine.getAuthorizationService().saveAuthorization(old);
    assertThat(allowed("responder", TaskPermissions.UPDATE, Resources.TASK, taskId)).isTrue();

    grants.backfillTaskGrants(engine);

    assertThat(allowed("responder", TaskPermissions.UPDATE, Resources.TASK, taskId)).as("narrowed at start").isFalse();
    assertThat(allowed("responder", TaskPermissions.TASK_WORK, Resources.TASK, taskId)).isTrue();
  }

  @Test
  void tasksFromBeforeTheVariableSwitchAreGivenReadVariableAtStart() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(configuration.isEnforceSpecificVariablePermission()).as("application.yml").isTrue();
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Old incident", "source", "user-report", "proposedSeverity", "SEV-3"));
    String taskId = tasks.createTaskQuery().processInstanceId(incident.getId()).singleResult().getId();
    assertThat(allowed("responder", TaskPermissions.READ_VARIABLE, Resources.TASK, taskId))
        .as("the engine grants it to new tasks' holders").isTrue();
    Authorization responders = authorizations.createAuthorizationQuery().groupIdIn(RunbookGroups.RESPONDERS)
        .resourceType(Resources.TASK).resourceId(taskId).singleResult();
    responders.removePermission(TaskPermissions.READ_VARIABLE);
    authorizations.saveAuthorization(responders);
    assertThat(allowed("responder", TaskPermissions.READ_VARIABLE, Resources.TASK, taskId)).isFalse();

    grants.backfillTaskGrants(engine);

    assertThat(allowed("responder", TaskPermissions.READ_VARIABLE, Resources.TASK, taskId)).isTrue();
  }

  /** What Runbook granted before need-to-know (issue 11): reads on {@code *} that reached the reviews. */
  private void grantAsBeforeIssue11(String group, Resources resource, Permission... permissions) {
    Authorization old = authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(group).resourceType(resource).resourceId(Authorization.ANY).singleResult();
    if (old == null) {
      old = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      old.setGroupId(group);
      old.setResource(resource);
      old.setResourceId(Authorization.ANY);
    }
    for (Permission permission : permissions) {
      old.addPermission(permission);
    }
    authorizations.saveAuthorization(old);
  }

  @Test
  void anUpgradedDatabaseLosesTheOldReadsOnEveryProcess() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Upgrade", "source", "user-report", "proposedSeverity", "SEV-3"));
    String triageTaskId = tasks.createTaskQuery().processInstanceId(incident.getId()).singleResult().getId();
    String groupFilter = filters.createFilterQuery().filterName(TasklistFilters.GROUP_TASKS).singleResult().getId();
    try {
      for (String worker : RunbookAuthorizations.WORKERS) {
        grantAsBeforeIssue11(worker, Resources.PROCESS_DEFINITION,
            ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY);
        grantAsBeforeIssue11(worker, Resources.PROCESS_INSTANCE,
            ProcessInstancePermissions.READ, ProcessInstancePermissions.CREATE);
      }
      grantAsBeforeIssue11(RunbookGroups.MANAGERS, Resources.PROCESS_DEFINITION, ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
      grantAsBeforeIssue11(RunbookGroups.MANAGERS, Resources.PROCESS_INSTANCE, ProcessInstancePermissions.READ);
      grantAsBeforeIssue11(RunbookGroups.MANAGERS, Resources.TASK, TaskPermissions.READ, TaskPermissions.READ_VARIABLE);
      grantAsBeforeIssue11(RunbookGroups.MANAGERS, Resources.OPERATION_LOG_CATEGORY,
          UserOperationLogCategoryPermissions.READ);
      String legalReview = LegalReview.PROCESS_KEY;
      assertThat(allowed("responder", ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION,
          legalReview)).as("the old leak").isTrue();

      assertThat(grants.ensureGrants(engine)).as("authorizations changed or deleted").isGreaterThanOrEqualTo(9);

      for (String user : List.of("responder", "lead", "manager", "cto", "comms", "security")) {
        for (Permission read : List.of(ProcessDefinitionPermissions.READ_HISTORY,
            ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, ProcessDefinitionPermissions.READ_INSTANCE,
            ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_TASK,
            ProcessDefinitionPermissions.READ_TASK_VARIABLE)) {
          assertThat(allowed(user, read, Resources.PROCESS_DEFINITION, legalReview)).as("%s %s", user, read).isFalse();
        }
        assertThat(allowed(user, ProcessInstancePermissions.READ, Resources.PROCESS_INSTANCE, "any-instance"))
            .as("%s reads every process instance", user).isFalse();
        assertThat(allowed(user, TaskPermissions.READ, Resources.TASK, "any-task")).as(user).isFalse();
        assertThat(allowed(user, ProcessDefinitionPermissions.READ, Resources.PROCESS_DEFINITION, legalReview))
            .as("the model stays readable").isTrue();
        assertThat(allowed(user, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, Resources.PROCESS_DEFINITION,
            IncidentResponse.PROCESS_KEY)).as("%s still reads incidents", user).isTrue();
      }
      assertThat(allowed("manager", UserOperationLogCategoryPermissions.READ, Resources.OPERATION_LOG_CATEGORY,
          UserOperationLogEntry.CATEGORY_TASK_WORKER)).isFalse();
      assertThat(allowed("legal", ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, Resources.PROCESS_DEFINITION,
          legalReview)).isTrue();
      assertThat(allowed("auditor", ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, Resources.PROCESS_DEFINITION,
          legalReview)).isTrue();
      // Grants Runbook does not own stay: the engine's task grants and the shared filters'.
      assertThat(allowed("responder", TaskPermissions.TASK_WORK, Resources.TASK, triageTaskId)).isTrue();
      assertThat(allowed("responder", Permissions.READ, Resources.FILTER, groupFilter)).isTrue();
      assertThat(grants.ensureGrants(engine)).as("exact after one start").isZero();
    } finally {
      grants.ensureGrants(engine);
    }
  }
}
