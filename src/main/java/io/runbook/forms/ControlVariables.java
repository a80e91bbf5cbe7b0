package io.runbook.forms;

import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
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

  /** Task definition key to the control variables its form may change. */
  public static final Map<String, Set<String>> OWNED_BY_TASK = Map.of(
      IncidentResponse.TRIAGE, Set.of(ProcessVariables.SEVERITY, ProcessVariables.TITLE, ProcessVariables.SECURITY_RELATED, ProcessVariables.DATA_BREACH_SUSPECTED),
      IncidentResponse.ASSEMBLE_TEAM, Set.of(ProcessVariables.INCIDENT_COMMANDER, ProcessVariables.TECHNICAL_LEAD, ProcessVariables.COMMUNICATIONS_LEAD, ProcessVariables.SCRIBE),
      IncidentResponse.REASSESS_SEVERITY, Set.of(ProcessVariables.SEVERITY, ProcessVariables.SECURITY_RELATED, ProcessVariables.DATA_BREACH_SUSPECTED),
      IncidentResponse.ASSEMBLE_TEAM_ON_RAISE, Set.of(ProcessVariables.INCIDENT_COMMANDER, ProcessVariables.TECHNICAL_LEAD, ProcessVariables.COMMUNICATIONS_LEAD, ProcessVariables.SCRIBE),
      IncidentMitigation.MITIGATE, Set.of(ProcessVariables.MITIGATION_ACTION),
      IncidentMitigation.APPROVE_ROLLBACK, Set.of(ProcessVariables.ROLLBACK_APPROVAL),
      LegalReview.LEGAL_REVIEW, Set.of(ProcessVariables.BREACH_CONFIRMED),
      // Legal's final assessment when it signs off a confirmed or unclear breach (issue 16).
      LegalReview.LEGAL_SIGN_OFF, Set.of(ProcessVariables.BREACH_CONFIRMED));

  /** Set when the incident starts and never by a person afterwards. */
  public static final Set<String> FIXED_AT_START = Set.of(ProcessVariables.DRILL, ProcessVariables.REPORTED_BY, ProcessVariables.SOURCE, ProcessVariables.PROPOSED_SEVERITY);

  /**
   * Who completed an owning task, recorded as a process variable (the approval has its own:
   * rollbackApprovedBy / rollbackRejectedBy, written by its listener).
   */
  public static final Map<String, String> RECORDED_AS = Map.of(
      IncidentResponse.TRIAGE, ProcessVariables.TRIAGED_BY,
      IncidentResponse.ASSEMBLE_TEAM, ProcessVariables.RESPONSE_TEAM_ASSIGNED_BY,
      IncidentResponse.REASSESS_SEVERITY, ProcessVariables.SEVERITY_CHANGED_BY,
      IncidentResponse.ASSEMBLE_TEAM_ON_RAISE, ProcessVariables.RESPONSE_TEAM_ASSIGNED_BY,
      IncidentMitigation.MITIGATE, ProcessVariables.MITIGATION_REQUESTED_BY,
      LegalReview.LEGAL_REVIEW, ProcessVariables.LEGAL_REVIEWED_BY);

  /** Every control variable. */
  public static Set<String> all() {
    Set<String> all = new LinkedHashSet<>(FIXED_AT_START);
    OWNED_BY_TASK.values().forEach(all::addAll);
    return all;
  }

  /** Complete listener of the owning tasks: records the authenticated person who decided. */
  static final TaskListener RECORD_DECIDER = task -> record(task);

  private static void record(DelegateTask task) {
    FormSubmissionValidator.requireExecution(task);
    String name = RECORDED_AS.get(task.getTaskDefinitionKey());
    Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (name != null && current != null && current.getUserId() != null) {
      task.getExecution().setVariable(name, current.getUserId());
    }
  }
}
