package io.runbook.team;

import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Complete listener of "Assemble response team": each person named (Incident Commander, Technical
 * Lead, Communications, Scribe) is told their role, through the outbox.
 */
@Component(Beans.ANNOUNCE_RESPONSE_TEAM)
public class AnnounceResponseTeamListener implements TaskListener {

  private final StakeholderNotices notices;

  public AnnounceResponseTeamListener(StakeholderNotices notices) {
    this.notices = notices;
  }

  @Override
  public void notify(DelegateTask assembly) {
    notices.teamAssembled(assembly.getExecution());
  }
}
