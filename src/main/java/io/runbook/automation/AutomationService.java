package io.runbook.automation;

import io.runbook.system.NodeId;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.ProcessVariables;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs a configured action for an incident and decides what its result means for the process.
 *
 * <ul>
 *   <li>Success: the run is recorded as process variables.
 *   <li>Failure with attempts left: an exception, so the engine rolls back and retries the job
 *       after the action's retry interval (the job's exception message carries the summary).
 *   <li>Failure of the last attempt, or input that may not reach a script: the run is recorded,
 *       {@code failedAction}/{@code actionFailure} are set (the review task raises the Camunda
 *       incident from them), and either a BPMN error {@code ACTION_FAILED} is thrown or, for
 *       informational actions, the process goes on.
 * </ul>
 *
 * Drills ({@code drill = true}) record a dry-run and execute nothing.
 */
@Service
public class AutomationService {

  private static final Logger LOG = LoggerFactory.getLogger(AutomationService.class);
  private static final int EXCERPT = 600;

  /** What a failed last attempt does to the process. */
  public enum OnFailure {
    /** Throw BPMN error {@code ACTION_FAILED} for a boundary event to catch. */
    BPMN_ERROR,
    /** Record the failure and carry on (the next task shows it). */
    CONTINUE
  }

  /** A failed attempt with attempts left: the engine retries the job. */
  public static class ActionFailedException extends RuntimeException {
    ActionFailedException(String message) {
      super(message);
    }
  }

  private final ActionCatalogue catalogue;
  private final ActionRunner runner;
  private final ActionAttempts attempts;
  private final ActionLocations locations;

  /** Recorded with each run: which node ran the action. */
  private final NodeId node;

  public AutomationService(ActionCatalogue catalogue, ActionRunner runner, ActionAttempts attempts,
      ActionLocations locations, NodeId node) {
    this.node = node;
    this.catalogue = catalogue;
    this.runner = runner;
    this.attempts = attempts;
    this.locations = locations;
  }

  /** The incident's service (see {@link ActionCatalogue#serviceFor}), or null. */
  public String serviceOf(DelegateExecution execution) {
    return catalogue.serviceFor((String) execution.getVariable(ProcessVariables.AFFECTED_SYSTEMS)).orElse(null);
  }

  /** The action as it would run for this incident, for people to see before they approve it. */
  public String preview(DelegateExecution execution, String actionName) {
    String service = serviceOf(execution);
    ActionCatalogue.Resolved action = catalogue.resolve(actionName, service);
    ActionDefinition d = action.definition();
    return ActionResult.commandLine(d.command())
        + (d.workingDirectory() == null ? "" : "  (in " + d.workingDirectory() + ")")
        + (service == null ? "" : "  [service " + service + "]")
        + (isDrill(execution) ? "  [drill: dry-run]" : "");
  }

  public String retryCycle(DelegateExecution execution, String actionName) {
    return catalogue.resolve(actionName, serviceOf(execution)).retryPolicy().cycle();
  }

  public ActionResult perform(DelegateExecution execution, String actionName, OnFailure onFailure) {
    String service = serviceOf(execution);
    ActionCatalogue.Resolved action = catalogue.resolve(actionName, service);
    ActionAttempts.Attempt attempt = attempts.current(execution, action.retryPolicy());
    String incidentId = (String) execution.getVariable(ProcessVariables.INCIDENT_ID);
    String commandLine = ActionResult.commandLine(action.definition().command());

    ActionResult result;
    try {
      Map<String, String> env = IncidentEnvironment.of(incidentId, severity(execution), service);
      if (isDrill(execution)) {
        result = ActionResult.dryRun(actionName, commandLine, "Would run: " + commandLine
            + (action.definition().workingDirectory() == null ? "" : "\nin " + action.definition().workingDirectory())
            + "\nwith " + env);
      } else {
        LOG.info("{}: running action {} (service {}, attempt {}): {}", incidentId, actionName, service, attempt, commandLine);
        result = runner.run(actionName, locations.locate(action.definition()), env);
      }
    } catch (IncidentEnvironment.InvalidValue invalid) {
      result = ActionResult.rejected(actionName, commandLine, invalid.getMessage());
    }
    String summary = ActionVariables.summary(result, attempt);
    LOG.info("{}: {}", incidentId, summary);

    if (result.succeeded()) {
      ActionVariables.record(execution, result, service, attempt, node.value());
      return result;
    }
    if (result.retryable() && !attempt.last()) {
      throw new ActionFailedException(summary + "; retrying as configured (" + action.retryPolicy() + ")"
          + excerpt("stdout", result.stdout()) + excerpt("stderr", result.stderr()));
    }
    ActionVariables.record(execution, result, service, attempt, node.value());
    execution.setVariable(ProcessVariables.FAILED_ACTION, actionName);
    execution.setVariable(ProcessVariables.ACTION_FAILURE, summary);
    if (onFailure == OnFailure.BPMN_ERROR) {
      throw new BpmnError(IncidentMitigation.ERROR_ACTION_FAILED, summary);
    }
    return result;
  }

  private static String severity(DelegateExecution execution) {
    Object severity = execution.getVariable(ProcessVariables.SEVERITY);
    return (String) (severity != null ? severity : execution.getVariable(ProcessVariables.PROPOSED_SEVERITY));
  }

  static boolean isDrill(DelegateExecution execution) {
    Object drill = execution.getVariable(ProcessVariables.DRILL);
    return Boolean.TRUE.equals(drill) || "true".equalsIgnoreCase(String.valueOf(drill));
  }

  private static String excerpt(String stream, String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String t = text.strip();
    return "\n" + stream + ": " + (t.length() > EXCERPT ? "..." + t.substring(t.length() - EXCERPT) : t);
  }
}
