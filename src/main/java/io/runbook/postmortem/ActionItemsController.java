package io.runbook.postmortem;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.AsEngine;
import io.runbook.api.PersonApi;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A post-mortem's action items and where each stands, for whoever may read the incident (READ_HISTORY
 * on {@code incident-response}, any runbook group; else 403):
 * <ul>
 *   <li>{@code GET /api/incidents/{id}/action-items}: each item with owner, due date and state (open,
 *       overdue, done with when, by whom and what was done), and how many are in each state;
 *   <li>{@code GET /api/incidents/{id}/post-mortem.md}: the published post-mortem (Markdown) with its
 *       action items as they stand now, done ones ticked.
 * </ul>
 * An unknown incident is a 404, as is the post-mortem of an incident that has none published.
 */
@RestController
@PersonApi
public class ActionItemsController {

  /** The incident's action items and the count of each state. */
  public record ActionItems(String incidentId, List<ActionItemFollowUps.Item> items, long open, long overdue, long done) {}

  private static final String ACTION_ITEMS_HEADING = "### Action Items\n\n";

  private final ApiAccess access;
  private final ActionItemFollowUps followUps;
  private final HistoryService history;
  private final IdentityService identity;

  public ActionItemsController(ApiAccess access, ActionItemFollowUps followUps, HistoryService history,
      IdentityService identity) {
    this.access = access;
    this.followUps = followUps;
    this.history = history;
    this.identity = identity;
  }

  @GetMapping("/api/incidents/{incidentId}/action-items")
  public ActionItems actionItems(@PathVariable String incidentId) {
    mayReadIncidents();
    return AsEngine.read(identity, () -> {
      incident(incidentId);
      List<ActionItemFollowUps.Item> items = followUps.of(incidentId);
      return new ActionItems(incidentId, items, count(items, ActionItemFollowUps.State.OPEN),
          count(items, ActionItemFollowUps.State.OVERDUE), count(items, ActionItemFollowUps.State.DONE));
    });
  }

  @GetMapping("/api/incidents/{incidentId}/post-mortem.md")
  public ResponseEntity<String> postMortem(@PathVariable String incidentId) {
    mayReadIncidents();
    String body = AsEngine.read(identity, () -> {
      HistoricProcessInstance incident = incident(incidentId);
      HistoricVariableInstance report = history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
          .variableName(ProcessVariables.POST_MORTEM_REPORT).listPage(0, 1).stream().findFirst().orElse(null);
      if (report == null || !(report.getValue() instanceof String markdown)) {
        throw new ApiProblem(HttpStatus.NOT_FOUND, "incident '" + incidentId + "' has no published post-mortem");
      }
      return withActionItems(markdown, followUps.of(incidentId));
    });
    return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8)).body(body);
  }

  /** The report with its "Action Items" section replaced by the items as they stand. */
  static String withActionItems(String markdown, List<ActionItemFollowUps.Item> items) {
    int start = markdown.indexOf(ACTION_ITEMS_HEADING);
    if (start < 0 || items.isEmpty()) {
      return markdown;
    }
    int from = start + ACTION_ITEMS_HEADING.length();
    int end = markdown.indexOf("\n\n### ", from);
    return markdown.substring(0, from) + ActionItemFollowUps.render(items) + (end < 0 ? "\n" : markdown.substring(end));
  }

  private HistoricProcessInstance incident(String incidentId) {
    return history.createHistoricProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .processInstanceBusinessKey(incidentId).listPage(0, 1).stream().findFirst()
        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "'"));
  }

  private static long count(List<ActionItemFollowUps.Item> items, ActionItemFollowUps.State state) {
    return items.stream().filter(item -> item.state() == state).count();
  }

  private void mayReadIncidents() {
    access.granted(ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, IncidentResponse.PROCESS_KEY,
        "may not read incidents: that needs READ_HISTORY on process definition '" + IncidentResponse.PROCESS_KEY
            + "' (any runbook group has it)");
  }
}
