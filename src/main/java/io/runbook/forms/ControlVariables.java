package io.runbook.forms;

import io.runbook.incident.IncidentProcess;
import io.runbook.incident.IncidentProcess.Var;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * The variables that steer an incident (severity, roles, routing, the mitigation decision and its
 * approval), which task's form owns each, and under which name the process records who decided.
 * Nothing else may change them: a person only through the owning task's form (checked over REST by
 * io.runbook.security.PersonWriteFilter), the drill marker, reporter and source only at the start.
 * A test holds the forms to this table.
 */
public final class ControlVariables {

  private ControlVariables() {}

  /** Legal's conclusion on a suspected data breach. */
  public static final String BREACH_CONFIRMED = "breachConfirmed";

  /** Task definition key to the control variables its form may change. */
  public static final Map<String, Set<String>> OWNED_BY_TASK = Map.of(
      IncidentProcess.TRIAGE, Set.of(Var.SEVERITY, Var.TITLE, Var.SECURITY_RELATED, Var.DATA_BREACH_SUSPECTED),
      IncidentProcess.ASSEMBLE_TEAM, Set.of(Var.INCIDENT_COMMANDER, Var.TECHNICAL_LEAD, Var.COMMUNICATIONS_LEAD, Var.SCRIBE),
      IncidentProcess.MITIGATE, Set.of(Var.MITIGATION_ACTION),
      IncidentProcess.APPROVE_ROLLBACK, Set.of(Var.ROLLBACK_APPROVAL),
      IncidentProcess.LEGAL_REVIEW, Set.of(BREACH_CONFIRMED));

  /** Set when the incident starts and never by a person afterwards. */
  public static final Set<String> FIXED_AT_START = Set.of(Var.DRILL, Var.REPORTED_BY, Var.SOURCE, Var.PROPOSED_SEVERITY);

  /**
   * Who completed an owning task, recorded as a process variable (the approval has its own:
   * rollbackApprovedBy / rollbackRejectedBy, written by its listener).
   */
  public static final Map<String, String> RECORDED_AS = Map.of(
      IncidentProcess.TRIAGE, "triagedBy",
      IncidentProcess.ASSEMBLE_TEAM, "responseTeamAssignedBy",
      IncidentProcess.MITIGATE, "mitigationRequestedBy",
      IncidentProcess.LEGAL_REVIEW, "legalReviewedBy");

  /** Every control variable. */
  public static Set<String> all() {
    Set<String> all = new LinkedHashSet<>(FIXED_AT_START);
    OWNED_BY_TASK.values().forEach(all::addAll);
    return all;
  }

  /** Complete listener of the owning tasks: records the authenticated person who decided. */
  static final TaskListener RECORD_DECIDER = task -> record(task);

  private static void record(DelegateTask task) {
    String name = RECORDED_AS.get(task.getTaskDefinitionKey());
    Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (name != null && current != null && current.getUserId() != null) {
      task.getExecution().setVariable(name, current.getUserId());
    }
  }
}
