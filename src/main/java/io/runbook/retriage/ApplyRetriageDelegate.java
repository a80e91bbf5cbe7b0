package io.runbook.retriage;

import io.runbook.communication.Recipient;
import io.runbook.communication.StakeholderNotices;
import io.runbook.escalation.ContactDirectory;
import io.runbook.escalation.Escalation;
import io.runbook.escalation.Recipients;
import io.runbook.escalation.ResolutionSla;
import io.runbook.process.Beans;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import io.runbook.triage.SeverityCatalogue;
import io.runbook.triage.TriageAssessment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Apply re-triage": the process adapts as if the new severity and flags had been set at triage.
 * The variables triage sets are set again ({@code responseTimes}, {@code responseTeamRequired},
 * {@code postMortemRequired}: once required, it stays required); a changed severity restarts the
 * resolution clock from now; a raise to a severity that escalates at once (SEV-1) tells the Team Lead
 * now; the stakeholders of both severities are told; what the change brings in (team assembly,
 * status updates, Security, Legal) is decided here and routed by the model. Lowering cancels
 * nothing: the Incident Commander (else the Team Lead) is told what continues. Every re-triage is a
 * row of the escalation history (who, from, to, why).
 */
@Component(Beans.APPLY_RETRIAGE)
public class ApplyRetriageDelegate implements JavaDelegate {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final TriageAssessment assessment;
  private final SeverityCatalogue catalogue;
  private final ResolutionSla resolution;
  private final Escalation escalation;
  private final ContactDirectory contacts;
  private final Recipients recipients;
  private final StakeholderNotices stakeholders;

  public ApplyRetriageDelegate(TriageAssessment assessment, SeverityCatalogue catalogue, ResolutionSla resolution,
      Escalation escalation, ContactDirectory contacts, Recipients recipients, StakeholderNotices stakeholders) {
    this.assessment = assessment;
    this.catalogue = catalogue;
    this.resolution = resolution;
    this.escalation = escalation;
    this.contacts = contacts;
    this.recipients = recipients;
    this.stakeholders = stakeholders;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TriageAssessment.Outcome outcome = assessment.assess((String) execution.getVariable(ProcessVariables.SEVERITY));
    Severity to = outcome.severity();
    Severity from = Severity.fromCode((String) execution.getVariable(ProcessVariables.SEVERITY_BEFORE)).orElse(to);
    boolean securityBefore = flag(execution.getVariable(ProcessVariables.SECURITY_RELATED_BEFORE));
    boolean breachBefore = flag(execution.getVariable(ProcessVariables.DATA_BREACH_SUSPECTED_BEFORE));
    boolean security = flag(execution.getVariable(ProcessVariables.SECURITY_RELATED));
    boolean breach = flag(execution.getVariable(ProcessVariables.DATA_BREACH_SUSPECTED));
    String by = String.valueOf(execution.getVariable(ProcessVariables.SEVERITY_CHANGED_BY));
    String why = String.valueOf(execution.getVariable(ProcessVariables.SEVERITY_CHANGE_REASON));
    boolean postMortemBefore = flag(execution.getVariable(ProcessVariables.POST_MORTEM_REQUIRED));

    // As triage would set them ("Apply triage"; the form wrote severity and the flags); a post-mortem
    // once required stays required.
    execution.setVariable(ProcessVariables.RESPONSE_TIME, outcome.responseTime());
    execution.setVariable(ProcessVariables.RESPONSE_TEAM_REQUIRED, outcome.responseTeamRequired());
    execution.setVariable(ProcessVariables.POST_MORTEM_REQUIRED, outcome.postMortemRequired() || postMortemBefore);

    boolean raised = to.ordinal() < from.ordinal();
    boolean lowered = to.ordinal() > from.ordinal();
    Instant deadline = null;
    boolean clockRestartedByModel = false;
    if (to != from) {
      clockRestartedByModel = !resolutionClockRunning(execution);
      deadline = resolution.restart(execution, from);
      if (raised && catalogue.level(to).informsAtOnce()) {
        escalation.informOnRaise(execution, from, to, by, why);
      }
      Severity peak = Severity.fromCode((String) execution.getVariable(ProcessVariables.PEAK_SEVERITY)).orElse(from);
      execution.setVariable(ProcessVariables.PEAK_SEVERITY, higher(higher(peak, from), to).code());
      stakeholders.severityChanged(execution, from.code(), to.code(), raised, by, why);
    }
    boolean raisedToTeam = to.needsResponseTeam() && !from.needsResponseTeam();
    transientFlag(execution, ProcessVariables.RETRIAGE_ASSEMBLE_TEAM, to.needsResponseTeam() && !teamAssembledOrAssembling(execution));
    transientFlag(execution, ProcessVariables.RETRIAGE_STATUS_UPDATES, raisedToTeam);
    transientFlag(execution, ProcessVariables.RETRIAGE_SECURITY_REVIEW, security && !securityBefore);
    transientFlag(execution, ProcessVariables.RETRIAGE_LEGAL_REVIEW, breach && !breachBefore);
    transientFlag(execution, ProcessVariables.RETRIAGE_RESTART_RESOLUTION_CLOCK, clockRestartedByModel);

    String change = change(from, to, securityBefore, security, breachBefore, breach);
    Recipient told = lowered ? commanderOrTeamLead(execution) : null;
    String continues = lowered ? whatContinues(execution, from, to, postMortemBefore, securityBefore || security,
        breachBefore || breach, deadline) : "";
    escalation.retriaged(execution, told, to,
        lowered ? "lowered from " + from.code() + " to " + to.code() + ": what continues" : "re-assessed: " + change,
        "The incident was re-assessed by " + by + ": " + change + ". Why: " + why + ". " + continues,
        "re-triage by " + by + ": " + change + " (" + why + ")");
  }

  /** Whether the resolution clock waits at its timer (else it ended: top reached, or nothing to escalate). */
  private static boolean resolutionClockRunning(DelegateExecution execution) {
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    return runtime.createEventSubscriptionQuery().processInstanceId(execution.getProcessInstanceId())
        .activityId(IncidentResponse.RESOLUTION_SLA_MET).count() > 0;
  }

  /** A team was named, or an "Assemble response team" task is open. */
  private static boolean teamAssembledOrAssembling(DelegateExecution execution) {
    if (ReassessSeverityListener.commander(execution) != null
        || execution.getVariable(ProcessVariables.RESPONSE_TEAM_ASSIGNED_BY) != null) {
      return true;
    }
    return execution.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKeyIn(IncidentResponse.ASSEMBLE_TEAM, IncidentResponse.ASSEMBLE_TEAM_ON_RAISE).count() > 0;
  }

  static String change(Severity from, Severity to, boolean securityBefore, boolean security, boolean breachBefore,
      boolean breach) {
    List<String> parts = new ArrayList<>();
    parts.add(from == to ? "severity stays " + to.code() : "severity " + from.code() + " \u2192 " + to.code());
    if (security != securityBefore) {
      parts.add(security ? "security-related" : "no longer marked security-related");
    }
    if (breach != breachBefore) {
      parts.add(breach ? "data breach suspected" : "no longer marked as a suspected data breach");
    }
    return String.join(", ", parts);
  }

  private String whatContinues(DelegateExecution execution, Severity from, Severity to, boolean postMortemBefore,
      boolean security, boolean breach, Instant deadline) {
    List<String> continues = new ArrayList<>();
    if (ReassessSeverityListener.commander(execution) != null || from.needsResponseTeam()) {
      continues.add("the response team and its roles stay as they are");
      continues.add("status page updates go on until the incident is resolved");
    }
    if (postMortemBefore) {
      continues.add("the post-mortem stays required (it was required for " + from.code() + ")");
    }
    if (security) {
      continues.add("Security's review goes on");
    }
    if (breach) {
      continues.add("Legal/Compliance's review goes on");
    }
    String clock = deadline == null ? "" : " The resolution clock now runs for " + to.code() + " from this change: resolve by "
        + TIME.format(deadline) + ".";
    return "Nothing already started is cancelled" + (continues.isEmpty() ? "." : ": " + String.join("; ", continues) + ".")
        + clock;
  }

  /** The Incident Commander by their e-mail address, else the first level of the escalation path (Team Lead). */
  private Recipient commanderOrTeamLead(DelegateExecution execution) {
    String commander = ReassessSeverityListener.commander(execution);
    if (commander != null) {
      IdentityService identity = execution.getProcessEngineServices().getIdentityService();
      User user = identity.createUserQuery().userId(commander).singleResult();
      if (user != null && user.getEmail() != null && !user.getEmail().isBlank()) {
        return new Recipient("Incident Commander @" + commander, List.of(user.getEmail()), List.of());
      }
    }
    return recipients.of(contacts.level(1));
  }

  /** SEV-1 is higher than SEV-2: the lower ordinal. */
  private static Severity higher(Severity a, Severity b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  private static void transientFlag(DelegateExecution execution, String name, boolean value) {
    execution.setVariable(name, Variables.booleanValue(value, true));
  }

  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value);
  }
}
