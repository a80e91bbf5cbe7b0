package io.runbook.team;

import io.runbook.communication.SlackChannels;
import io.runbook.process.Beans;
import io.runbook.process.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Create listener of "Assemble response team": the runbook's "Create dedicated communication
 * channel". With a Slack bot token the channel is created and its link stored on the incident
 * ({@code channel}); the form's note ({@code channelNote}) says what happened, or plainly that the
 * channel is to be created by hand.
 */
@Component(Beans.OPEN_INCIDENT_CHANNEL)
public class OpenIncidentChannelListener implements TaskListener {

  private final SlackChannels channels;

  public OpenIncidentChannelListener(SlackChannels channels) {
    this.channels = channels;
  }

  @Override
  public void notify(DelegateTask assembly) {
    DelegateExecution incident = assembly.getExecution();
    SlackChannels.Outcome outcome = channels.open((String) incident.getVariable(ProcessVariables.INCIDENT_ID),
        Boolean.TRUE.equals(incident.getVariable(ProcessVariables.DRILL)));
    if (outcome.created()) {
      incident.setVariable(ProcessVariables.CHANNEL, outcome.link());
    }
    incident.setVariable(ProcessVariables.CHANNEL_NOTE, outcome.note());
  }
}
