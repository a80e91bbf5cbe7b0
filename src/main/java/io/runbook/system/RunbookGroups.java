package io.runbook.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The groups the runbook routes work to. They exist in every profile because the processes name
 * them as candidate groups; only the demo profile adds people to them.
 */
@Component
@Order(0)
public class RunbookGroups extends AbstractProcessEnginePlugin {

  public static final String RESPONDERS = "responders";
  public static final String TEAM_LEADS = "team-leads";
  public static final String ENGINEERING_MANAGERS = "engineering-managers";
  public static final String MANAGERS = "managers";
  public static final String CTO = "cto";
  public static final String SECURITY = "security";
  public static final String LEGAL = "legal";
  public static final String COMMUNICATIONS = "communications";
  public static final String AUDITORS = "auditors";
  public static final String ADMINS = "camunda-admin";

  /** Group id to display name. */
  public static final Map<String, String> ALL = new LinkedHashMap<>();

  static {
    ALL.put(RESPONDERS, "Responders");
    ALL.put(TEAM_LEADS, "Team leads");
    ALL.put(ENGINEERING_MANAGERS, "Engineering managers");
    ALL.put(MANAGERS, "Managers");
    ALL.put(CTO, "CTO");
    ALL.put(SECURITY, "Security team");
    ALL.put(LEGAL, "Legal / Compliance");
    ALL.put(COMMUNICATIONS, "Communications");
    ALL.put(AUDITORS, "Auditors");
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    createMissingGroups(engine.getIdentityService());
  }

  void createMissingGroups(IdentityService identityService) {
    ALL.forEach(
        (id, name) -> {
          if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
          }
        });
  }
}
