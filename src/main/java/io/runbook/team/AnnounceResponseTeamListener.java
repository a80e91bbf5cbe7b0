package io.runbook.team;

import io.runbook.communication.IncidentMessages;
import io.runbook.communication.StakeholderNotices;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Complete listener of "Assemble response team": each person named (Incident Commander, Technical
 * Lead, Communications, Scribe) is told their role, through the outbox; and the incident's stored
 * initial notification ({@code initialNotification}, stored at triage) is
 * rendered again, so it names the Incident Commander and the channel instead of "not yet assigned".
 */
@Component(Beans.ANNOUNCE_RESPONSE_TEAM)
public class AnnounceResponseTeamListener implements TaskListener {

  private final StakeholderNotices notices;
  private final IncidentMessages messages;

  public AnnounceResponseTeamListener(StakeholderNotices notices, IncidentMessages messages) {
    this.notices = notices;
    this.messages = messages;
  }

  @Override
  public void notify(DelegateTask assembly) {
    assembly.getExecution().setVariable(ProcessVariables.INITIAL_NOTIFICATION,
        messages.initialNotification(assembly.getExecution()));
    notices.teamAssembled(assembly.getExecution());
  }
}
