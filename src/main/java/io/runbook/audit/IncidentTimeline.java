package io.runbook.audit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Service;

/**
 * An incident's timeline, read from the engine's history: what happened, when, and who did it.
 * It covers the incident's own process and the processes it called (mitigation and so on).
 */
@Service
public class IncidentTimeline {

  /** One line of the timeline. */
  public record Entry(Date time, String event, String actor) {}

  private static final Set<String> MEANINGFUL =
      Set.of("startEvent", "messageStartEvent", "userTask", "serviceTask", "endEvent", "noneEndEvent",
          "intermediateTimer", "boundaryTimer", "boundaryMessage", "intermediateMessageCatch");

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final HistoryService history;

  public IncidentTimeline(HistoryService history) {
    this.history = history;
  }

  public List<Entry> entries(String processInstanceId) {
    List<Entry> entries = new ArrayList<>();
    collect(processInstanceId, entries);
    entries.sort(Comparator.comparing(Entry::time));
    return entries;
  }

  private void collect(String processInstanceId, List<Entry> entries) {
    for (HistoricActivityInstance activity :
        history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).list()) {
      if (!MEANINGFUL.contains(activity.getActivityType()) || activity.getActivityName() == null) {
        continue;
      }
      boolean isTask = "userTask".equals(activity.getActivityType());
      if (isTask || activity.getActivityType().contains("Task")) {
        if (activity.getEndTime() != null && !activity.isCanceled()) {
          String actor = isTask && activity.getAssignee() == null ? completedBy(activity.getTaskId()) : activity.getAssignee();
          entries.add(new Entry(activity.getEndTime(), activity.getActivityName() + " done", actor));
        }
      } else {
        entries.add(new Entry(activity.getStartTime(), activity.getActivityName(), null));
      }
    }
    for (HistoricProcessInstance called :
        history.createHistoricProcessInstanceQuery().superProcessInstanceId(processInstanceId).list()) {
      collect(called.getId(), entries);
    }
  }

  /** Who completed an unassigned task, from the user operation log (empty for unauthenticated calls). */
  private String completedBy(String taskId) {
    return history.createUserOperationLogQuery().taskId(taskId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
        .map(UserOperationLogEntry::getUserId).filter(Objects::nonNull).findFirst().orElse(null);
  }

  /** The timeline in the post-mortem template's "- HH:MM - Event" form, with a line per day (UTC). */
  public String render(String processInstanceId) {
    StringBuilder text = new StringBuilder();
    String day = null;
    for (Entry entry : entries(processInstanceId)) {
      String entryDay = DAY.format(entry.time().toInstant());
      if (!entryDay.equals(day)) {
        text.append(day == null ? "" : "\n").append(entryDay).append(" (UTC)\n");
        day = entryDay;
      }
      text.append("- ").append(TIME.format(entry.time().toInstant())).append(" - ").append(entry.event());
      if (entry.actor() != null) {
        text.append(" (").append(entry.actor()).append(")");
      }
      text.append("\n");
    }
    return text.toString().trim();
  }
}
