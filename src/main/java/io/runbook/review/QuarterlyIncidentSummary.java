package io.runbook.review;

import io.runbook.postmortem.ActionItemFollowUps;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import java.time.Duration;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

/**
 * What the last quarter's incidents say about the runbook, read from history: how many incidents
 * of each severity, how many are closed, and how long closing took on average; then every post-mortem
 * action item not done yet (of any quarter), overdue ones first, with incident, owner and due date.
 */
@Service
public class QuarterlyIncidentSummary {

  private final HistoryService history;
  private final ActionItemFollowUps actionItems;

  public QuarterlyIncidentSummary(HistoryService history, ActionItemFollowUps actionItems) {
    this.history = history;
    this.actionItems = actionItems;
  }

  public String summarize(Date from, Date to) {
    List<HistoricProcessInstance> incidents = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .startedAfter(from)
        .startedBefore(to)
        .list();
    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    int unknown = 0;
    for (HistoricProcessInstance incident : incidents) {
      Severity severity = severityOf(incident.getId());
      if (severity == null) {
        unknown++;
      } else {
        bySeverity.merge(severity, 1, Integer::sum);
      }
    }
    List<HistoricProcessInstance> finished = incidents.stream().filter(i -> i.getEndTime() != null).toList();
    StringBuilder text = new StringBuilder();
    text.append(incidents.size()).append(" incidents, ").append(finished.size()).append(" finished.\n");
    for (Severity severity : Severity.values()) {
      text.append(severity.code()).append(": ").append(bySeverity.getOrDefault(severity, 0)).append("\n");
    }
    if (unknown > 0) {
      text.append("Not yet triaged: ").append(unknown).append("\n");
    }
    if (!finished.isEmpty()) {
      long averageMinutes = (long) finished.stream()
          .mapToLong(i -> Duration.ofMillis(i.getEndTime().getTime() - i.getStartTime().getTime()).toMinutes())
          .average().orElse(0);
      text.append("Average time from report to end of post-mortem or closing: ").append(averageMinutes).append(" minutes\n");
    }
    List<ActionItemFollowUps.Item> open = actionItems.unfinished();
    long overdue = open.stream().filter(item -> item.state() == ActionItemFollowUps.State.OVERDUE).count();
    text.append("\nOpen post-mortem action items: ").append(open.size()).append(" (").append(overdue).append(" overdue)\n");
    for (ActionItemFollowUps.Item item : open) {
      text.append("- ").append(item.incidentId()).append(": ").append(item.action()).append(" - ").append(item.owner())
          .append(" - due ").append(item.due()).append(" (").append(item.state()).append(")\n");
    }
    return text.toString().trim();
  }

  private Severity severityOf(String processInstanceId) {
    HistoricVariableInstance variable = history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId)
        .variableName(ProcessVariables.SEVERITY)
        .singleResult();
    return variable == null ? null : Severity.fromCode((String) variable.getValue()).orElse(null);
  }
}
