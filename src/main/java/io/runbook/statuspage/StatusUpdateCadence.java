package io.runbook.statuspage;

import io.runbook.communication.IncidentMessages;
import io.runbook.communication.StatusPageUpdate;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * The rules of the status update cadence ({@code StatusUpdatesEventSubProcess}): which state to
 * propose from the incident's phase, when the next update is due, when a missing one is escalated.
 * All times are the engine's clock ({@link ClockUtil}), so tests move it by hand.
 */
@Service
public class StatusUpdateCadence {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final StatusPageProperties properties;
  private final IncidentMessages messages;

  public StatusUpdateCadence(StatusPageProperties properties, IncidentMessages messages) {
    this.properties = properties;
    this.messages = messages;
  }

  /** The engine's now. */
  static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  /** The interval proposed for the incident's severity, in minutes. */
  long intervalMinutes(DelegateExecution incident) {
    return properties.updateInterval().of((String) incident.getVariable(ProcessVariables.SEVERITY)).toMinutes();
  }

  /**
   * The next "Post status update" is due at {@code due}; a missing one is escalated {@code updateGrace}
   * later. Written where the cadence keeps them (the event subprocess's scope), read by the timers and
   * by Tasklist's due date.
   */
  void schedule(DelegateExecution execution, Instant due) {
    execution.setVariable(ProcessVariables.STATUS_UPDATE_DUE, Date.from(due));
    execution.setVariable(ProcessVariables.STATUS_UPDATE_ESCALATE_AT, Date.from(due.plus(properties.updateGrace())));
    execution.setVariable(ProcessVariables.STATUS_UPDATE_MISSED, false);
  }

  Duration firstUpdateWithin() {
    return properties.firstUpdateWithin();
  }

  /** The update as it would be posted. */
  String render(StatusPageUpdate update) {
    return messages.statusPageUpdate(update);
  }

  /**
   * The state proposed from the phase: Resolved once the incident is closed; Monitoring while
   * mitigation watches for recurrence, and after mitigation ended (the service is restored, the
   * permanent fix is under way); Identified once mitigation has started; Investigating before.
   */
  static StatusPageUpdate.Status propose(DelegateExecution execution) {
    if (execution.getVariable(ProcessVariables.CLOSED_AT) != null) {
      return StatusPageUpdate.Status.RESOLVED;
    }
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    String incident = execution.getProcessInstanceId();
    return asEngine(() -> {
      ProcessInstance mitigation = runtime.createProcessInstanceQuery().superProcessInstanceId(incident)
          .processDefinitionKey(IncidentMitigation.PROCESS_KEY).listPage(0, 1).stream().findFirst().orElse(null);
      if (mitigation != null) {
        return contains(runtime.getActivityInstance(mitigation.getId()), IncidentMitigation.MONITORING)
            ? StatusPageUpdate.Status.MONITORING : StatusPageUpdate.Status.IDENTIFIED;
      }
      boolean mitigated = history.createHistoricActivityInstanceQuery().processInstanceId(incident)
          .activityId(IncidentResponse.MITIGATION).finished().count() > 0;
      return mitigated ? StatusPageUpdate.Status.MONITORING : StatusPageUpdate.Status.INVESTIGATING;
    });
  }

  private static boolean contains(ActivityInstance instance, String activityId) {
    if (instance == null) {
      return false;
    }
    if (activityId.equals(instance.getActivityId())) {
      return true;
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      if (contains(child, activityId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reading another process's state is the engine's work, not that of the person whose action
   * started the cadence's step: authorization checks are off while it runs.
   */
  static <T> T asEngine(Supplier<T> work) {
    CommandContext context = Context.getCommandContext();
    boolean checking = context != null && context.isAuthorizationCheckEnabled();
    if (checking) {
      context.disableAuthorizationCheck();
    }
    try {
      return work.get();
    } finally {
      if (checking) {
        context.enableAuthorizationCheck();
      }
    }
  }

  /** The incident id of the process running {@code execution}. */
  static String incidentId(DelegateExecution execution) {
    Object id = execution.getVariable(ProcessVariables.INCIDENT_ID);
    return id instanceof String s && !s.isBlank() ? s : execution.getProcessBusinessKey();
  }

  static boolean drill(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(ProcessVariables.DRILL));
  }
}
