package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.incident.IncidentProcess;
import io.runbook.system.RunbookGroups;
import io.runbook.system.TasklistFilters;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The start-up grants: what each group may do, created once however often the product starts. */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
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
        .resourceId(IncidentProcess.PROCESS_KEY).singleResult();
    responders.removePermission(ProcessDefinitionPermissions.CREATE_INSTANCE);
    authorizations.saveAuthorization(responders);
    assertThat(allowed("responder", ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION,
        IncidentProcess.PROCESS_KEY)).isFalse();

    assertThat(grants.ensureGrants(engine)).isEqualTo(1);

    assertThat(allowed("responder", ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION,
        IncidentProcess.PROCESS_KEY)).isTrue();
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
      incident = runtime.startProcessInstanceByKey(IncidentProcess.PROCESS_KEY,
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
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentProcess.PROCESS_KEY,
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
}
