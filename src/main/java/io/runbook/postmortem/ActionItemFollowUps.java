package io.runbook.postmortem;

import com.fasterxml.jackson.annotation.JsonValue;
import io.runbook.process.ActionItemFollowUp;
import io.runbook.process.ProcessVariables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * A published post-mortem's action items as {@code action-item} processes: one per item, business key
 * = incident id, started when the post-mortem is published, and what each of them stands at
 * (open, overdue, done) read back from history. Reads run as the engine; callers decide who may see them.
 */
@Service
public class ActionItemFollowUps {

  /** Where an action item stands. */
  public enum State {
    OPEN, OVERDUE, DONE, CANCELLED;

    /** "open", "overdue", "done", "cancelled": in JSON and in the post-mortem's lines. */
    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One action item and where it stands.
   *
   * @param incidentId the incident whose post-mortem agreed it
   * @param action what is to be done
   * @param owner user id of its owner
   * @param due its due date (the item is overdue after the end of that day, UTC)
   * @param state open, overdue, done (the owner completed it) or cancelled (its process was deleted)
   * @param doneAt when the owner completed it, else null
   * @param doneBy who completed it, else null
   * @param outcome what was done, as the owner wrote it, else null
   */
  public record Item(String incidentId, String action, String owner, LocalDate due, State state, Instant doneAt,
      String doneBy, String outcome) {}

  /** Past this many items of one incident (or open across all), the rest is not listed. */
  static final int MAX_ITEMS = 500;

  private final RuntimeService runtime;
  private final HistoryService history;
  private final PostMortemProperties properties;

  public ActionItemFollowUps(RuntimeService runtime, HistoryService history, PostMortemProperties properties) {
    this.runtime = runtime;
    this.history = history;
    this.properties = properties;
  }

  /** The end of the due day, UTC: when the item becomes overdue and its first reminder goes out. */
  public static Instant dueInstant(LocalDate due) {
    return due.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
  }

  /** Starts one follow-up per item for the incident running in {@code incident}; returns their ids. */
  public List<String> start(DelegateExecution incident, List<ActionItem> items) {
    List<String> started = new ArrayList<>();
    for (ActionItem item : items) {
      Instant due = dueInstant(item.due());
      VariableMap variables = Variables.createVariables()
          .putValue(ProcessVariables.INCIDENT_ID, incident.getVariable(ProcessVariables.INCIDENT_ID))
          .putValue(ProcessVariables.TITLE, incident.getVariable(ProcessVariables.TITLE))
          .putValue(ProcessVariables.SEVERITY, incident.getVariable(ProcessVariables.SEVERITY))
          .putValue(ProcessVariables.ACTION_ITEM, item.action())
          .putValue(ProcessVariables.ACTION_ITEM_OWNER, item.owner())
          .putValue(ProcessVariables.ACTION_ITEM_DUE, Date.from(due))
          .putValue(ProcessVariables.ACTION_ITEM_REMINDERS, "R/" + due + "/" + properties.actionItemReminderEvery());
      if (Boolean.TRUE.equals(incident.getVariable(ProcessVariables.DRILL))) {
        variables.putValue(ProcessVariables.DRILL, true);
      }
      if (incident.getVariable(ProcessVariables.INCIDENT_COMMANDER) instanceof String commander) {
        // Who gets "Deliver notification by hand" when a reminder cannot be sent.
        variables.putValue(ProcessVariables.INCIDENT_COMMANDER, commander);
      }
      started.add(runtime.startProcessInstanceByKey(ActionItemFollowUp.PROCESS_KEY, incident.getProcessBusinessKey(),
          variables).getId());
    }
    return started;
  }

  /** The action items of one incident, in the post-mortem's order. */
  public List<Item> of(String incidentId) {
    return items(history.createHistoricProcessInstanceQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).orderByProcessInstanceStartTime().asc().listPage(0, MAX_ITEMS), incidentId);
  }

  /** Every action item not done yet, of any incident, the longest overdue first. */
  public List<Item> unfinished() {
    List<Item> items = new ArrayList<>(items(history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(ActionItemFollowUp.PROCESS_KEY).unfinished()
        .orderByProcessInstanceStartTime().asc().listPage(0, MAX_ITEMS), null));
    items.sort((a, b) -> a.due().compareTo(b.due()));
    return items;
  }

  /** The items of these instances; who completed them is read only for one incident's items ({@code incidentId}). */
  private List<Item> items(List<HistoricProcessInstance> instances, String incidentId) {
    if (instances.isEmpty()) {
      return List.of();
    }
    String[] ids = instances.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    Map<String, Map<String, Object>> variables = new HashMap<>();
    for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids)
        .variableNameIn(ProcessVariables.ACTION_ITEM, ProcessVariables.ACTION_ITEM_OWNER, ProcessVariables.ACTION_ITEM_DUE,
            ProcessVariables.ACTION_ITEM_OUTCOME)
        .listPage(0, ids.length * 4)) {
      variables.computeIfAbsent(variable.getProcessInstanceId(), k -> new HashMap<>()).put(variable.getName(), variable.getValue());
    }
    Map<String, HistoricTaskInstance> tasks = new HashMap<>();
    if (incidentId != null) {
      for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
          .processInstanceBusinessKey(incidentId).finished().listPage(0, ids.length * 2)) {
        tasks.put(task.getProcessInstanceId(), task);
      }
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    List<Item> items = new ArrayList<>();
    for (HistoricProcessInstance instance : instances) {
      Map<String, Object> values = variables.getOrDefault(instance.getId(), Map.of());
      Date dueAt = (Date) values.get(ProcessVariables.ACTION_ITEM_DUE);
      LocalDate due = dueAt == null ? null : dueAt.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      HistoricTaskInstance task = tasks.get(instance.getId());
      State state;
      if (instance.getEndTime() == null) {
        state = dueAt != null && now.isAfter(dueAt.toInstant()) ? State.OVERDUE : State.OPEN;
      } else {
        state = HistoricProcessInstance.STATE_COMPLETED.equals(instance.getState()) ? State.DONE : State.CANCELLED;
      }
      boolean done = state == State.DONE;
      items.add(new Item(instance.getBusinessKey(), (String) values.get(ProcessVariables.ACTION_ITEM),
          (String) values.get(ProcessVariables.ACTION_ITEM_OWNER), due, state,
          done && task != null && task.getEndTime() != null ? task.getEndTime().toInstant() : null,
          done && task != null ? task.getAssignee() : null,
          done ? (String) values.get(ProcessVariables.ACTION_ITEM_OUTCOME) : null));
    }
    return items;
  }

  /** "- [x] Action - owner - 2026-12-15 (done 2026-12-10 by owner: what was done)", one line per item. */
  public static String render(List<Item> items) {
    StringBuilder text = new StringBuilder();
    for (Item item : items) {
      text.append(text.isEmpty() ? "" : "\n")
          .append(item.state() == State.DONE ? "- [x] " : "- [ ] ")
          .append(item.action()).append(" - ").append(item.owner()).append(" - ").append(item.due())
          .append(" (").append(item.state());
      if (item.state() == State.DONE) {
        text.append(' ').append(item.doneAt() == null ? "" : PostMortemNotices.WHEN.format(item.doneAt()))
            .append(item.doneBy() == null ? "" : " by " + item.doneBy())
            .append(item.outcome() == null || item.outcome().isBlank() ? "" : ": " + item.outcome().trim().replaceAll("\\s*\\R\\s*", " "));
      }
      text.append(')');
    }
    return text.toString();
  }
}
