package io.runbook.statuspage;

import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * Drives an incident to "Publish status update" as responders would, with internal values planted
 * in it that the public page must never show.
 */
final class StatusPageFixtures {

  private StatusPageFixtures() {}

  /** Internal values planted in every incident here, each unique to the incident ({@code tag}). */
  static List<String> internalValues(String tag) {
    return List.of("Internal title " + tag, "reporter-" + tag, "Ivy Commander " + tag, "ALERT-PAYLOAD-" + tag,
        "Legal review says " + tag, "Affected users " + tag, "Internal description " + tag);
  }

  /** A SEV-1 (or {@code severity}) incident waiting at the status page task; {@code drill}: a drill. */
  static ProcessInstance atStatusPageTask(ProcessEngine engine, String tag, String severity, String systems, boolean drill) {
    List<String> internal = internalValues(tag);
    Map<String, Object> report = new HashMap<>();
    report.put(ProcessVariables.TITLE, internal.get(0));
    report.put(ProcessVariables.SOURCE, "user-report");
    report.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    report.put(ProcessVariables.DESCRIPTION, internal.get(6));
    report.put(ProcessVariables.REPORTED_BY, internal.get(1));
    report.put("alertPayload", "{\"marker\":\"" + internal.get(3) + "\"}");
    if (drill) {
      report.put(ProcessVariables.DRILL, true);
    }
    ProcessInstance incident = engine.getRuntimeService()
        .startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report);
    Map<String, Object> triage = new HashMap<>();
    triage.put("acknowledged", true);
    triage.put("title", internal.get(0));
    triage.put("severity", severity);
    triage.put("affectedSystems", systems);
    triage.put("affectedUsers", internal.get(5));
    triage.put("securityRelated", false);
    triage.put("dataBreachSuspected", false);
    triage.put("stakeholdersNotified", true);
    complete(engine, incident, IncidentResponse.TRIAGE, triage);
    complete(engine, incident, IncidentResponse.ASSEMBLE_TEAM, Map.of("incidentCommander", "lead",
        "technicalLead", "responder", "communicationsLead", "comms", "scribe", "manager",
        "channelCreated", true, "teamAssembled", true));
    // Internal values only the engine sets: the IC's display name and Legal's review text.
    engine.getRuntimeService().setVariable(incident.getId(), "incidentCommanderName", internal.get(2));
    engine.getRuntimeService().setVariable(incident.getId(), "legalAssessment", internal.get(4));
    return incident;
  }

  static void post(ProcessEngine engine, ProcessInstance incident, String status, String issue, String impact) {
    Map<String, Object> update = new HashMap<>();
    update.put("statusPageStatus", status);
    update.put("statusIssue", issue);
    update.put("statusImpact", impact);
    update.put("statusNextUpdateMinutes", 30L);
    complete(engine, incident, IncidentResponse.STATUS_PAGE_UPDATE, update);
  }

  static void complete(ProcessEngine engine, ProcessInstance incident, String taskKey, Map<String, Object> variables) {
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(taskKey).singleResult();
    if (task == null) {
      throw new AssertionError("incident " + incident.getBusinessKey() + " is not waiting at " + taskKey);
    }
    engine.getTaskService().complete(task.getId(), variables);
  }
}
