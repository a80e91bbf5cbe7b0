package io.runbook.incident;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.AsEngine;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.Comment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/incidents/{id}/reviews}: Security's and Legal's reviews of one incident, with
 * their form values, who completed them and when, and their comments. The reviews run as processes
 * of their own, so Camunda's REST API shows them only to those granted history variables on the
 * review's process definition: the review's own group, auditors and administrators. This endpoint
 * adds the one reader Camunda's grants cannot name: the incident's Incident Commander, a person
 * chosen per incident ({@code incidentCommander} of the incident process, read as the engine).
 *
 * <p>Anyone else gets 403; a caller who may read one kind of review (legal, say) gets only that kind.
 */
@Component
public class IncidentReviews {

  /** Bounds every list read here (the engine refuses unbounded lists for authenticated callers). */
  private static final int MAX_ROWS = 500;

  /** Variables the incident passes into a review (read-only on the form); not review content. */
  private static final Set<String> PASSED_IN = Set.of(ProcessVariables.INCIDENT_ID, ProcessVariables.TITLE, ProcessVariables.DRILL);

  /** The review process keys and the name of each kind in the answer. */
  private static final Map<String, String> KINDS = Map.of(
      SecurityReview.PROCESS_KEY, "security",
      LegalReview.PROCESS_KEY, "legal");

  public record Comment(String userId, Instant time, String message) {}

  public record Review(
      String kind,
      String processInstanceId,
      String state,
      Instant requestedAt,
      Instant completedAt,
      String completedBy,
      Map<String, Object> values,
      List<Comment> comments) {}

  public record Reviews(String incidentId, String incidentCommander, List<Review> reviews) {}

  private final ApiAccess access;
  private final IdentityService identity;
  private final HistoryService history;
  private final TaskService tasks;

  public IncidentReviews(ApiAccess access, IdentityService identity, HistoryService history, TaskService tasks) {
    this.access = access;
    this.identity = identity;
    this.history = history;
    this.tasks = tasks;
  }

  /** The reviews of this incident the caller may read; 401, 403 or 404 otherwise. */
  public Reviews of(String incidentId) {
    ApiAccess.Caller caller = access.caller();
    return AsEngine.read(identity, () -> read(caller, incidentId));
  }

  private Reviews read(ApiAccess.Caller caller, String incidentId) {
    HistoricProcessInstance incident = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).processInstanceBusinessKey(incidentId)
        .orderByProcessInstanceStartTime().desc().listPage(0, 1).stream().findFirst().orElse(null);
    if (incident == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "'");
    }
    String commander = incidentCommander(incident.getId());
    String userId = caller.userId();
    boolean everything = access.isAdmin(caller) || userId.equals(commander);
    List<String> readable = KINDS.keySet().stream()
        .filter(key -> everything || access.isGranted(caller,
            ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, Resources.PROCESS_DEFINITION, key))
        .sorted().toList();
    if (readable.isEmpty()) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "'" + userId + "' may not read the reviews of " + incidentId
          + ": they are for the reviewing group (security, legal), the incident's Incident Commander, auditors and"
          + " administrators");
    }
    List<Review> reviews = new ArrayList<>();
    for (HistoricProcessInstance review : history.createHistoricProcessInstanceQuery()
        .superProcessInstanceId(incident.getId()).processDefinitionKeyIn(readable.toArray(String[]::new))
        .listPage(0, MAX_ROWS)) {
      reviews.add(review(review));
    }
    reviews.sort(Comparator.comparing(Review::requestedAt).thenComparing(Review::kind));
    return new Reviews(incidentId, commander, reviews);
  }

  private Review review(HistoricProcessInstance review) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
        .processInstanceId(review.getId()).disableCustomObjectDeserialization()
        .orderByVariableName().asc().listPage(0, MAX_ROWS)) {
      if (!PASSED_IN.contains(variable.getName())) {
        values.put(variable.getName(), variable.getValue());
      }
    }
    List<Comment> comments = new ArrayList<>();
    Instant completedAt = null;
    String completedBy = null;
    for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery()
        .processInstanceId(review.getId()).orderByHistoricActivityInstanceStartTime().asc().listPage(0, MAX_ROWS)) {
      if (task.getEndTime() != null && "completed".equals(task.getDeleteReason())) {
        completedAt = task.getEndTime().toInstant();
        completedBy = task.getAssignee() != null ? task.getAssignee() : completedBy(task.getId());
      }
      tasks.getTaskComments(task.getId()).forEach(comment -> comments.add(comment(comment)));
    }
    tasks.getProcessInstanceComments(review.getId()).forEach(comment -> comments.add(comment(comment)));
    comments.sort(Comparator.comparing(Comment::time));
    return new Review(KINDS.get(review.getProcessDefinitionKey()), review.getId(), review.getState(),
        instant(review.getStartTime()), completedAt, completedBy, values, comments);
  }

  private static Comment comment(org.camunda.bpm.engine.task.Comment comment) {
    return new Comment(comment.getUserId(), instant(comment.getTime()), comment.getFullMessage());
  }

  /** The Incident Commander named on the incident (its process-level variable), if any. */
  private String incidentCommander(String incidentInstanceId) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(incidentInstanceId)
        .variableName(ProcessVariables.INCIDENT_COMMANDER).listPage(0, MAX_ROWS).stream()
        .filter(variable -> incidentInstanceId.equals(variable.getExecutionId()))
        .map(HistoricVariableInstance::getValue).filter(String.class::isInstance).map(String.class::cast)
        .filter(name -> !name.isBlank()).findFirst().orElse(null);
  }

  /** Who completed an unassigned task, from the user operation log. */
  private String completedBy(String taskId) {
    return history.createUserOperationLogQuery().taskId(taskId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).listPage(0, MAX_ROWS).stream()
        .map(UserOperationLogEntry::getUserId).filter(Objects::nonNull).findFirst().orElse(null);
  }


  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
