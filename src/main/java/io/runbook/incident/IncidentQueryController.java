package io.runbook.incident;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.PersonApi;
import io.runbook.communication.SentNotifications;
import io.runbook.process.IncidentResponse;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/incidents} (filter by state, severity, source; paginated, newest first) and
 * {@code GET /api/incidents/{id}} (the incident with its alerts) and {@code GET /api/incidents/{id}/reviews}
 * (Security's and Legal's reviews, need-to-know: {@link IncidentReviews}) and
 * {@code GET /api/incidents/{id}/notifications} (which messages went out: {@link SentNotifications}) and
 * {@code GET /api/incidents/{id}/summary} (for executives: {@link IncidentSummaries}). For people: HTTP Basic like the
 * rest of {@code /api/**}, and only for people who may read the incident process's history: READ_HISTORY
 * on process definition {@code incident-response} (any runbook group has it) or Camunda administrators.
 * A user without such a grant, for instance one created in Admin but in no runbook group, gets 403, the
 * same answer Cockpit's history gives them.
 */
@RestController
@PersonApi
public class IncidentQueryController {

  static final int MAX_PAGE_SIZE = 200;

  private final IncidentQuery query;
  private final ApiAccess access;
  private final IncidentReviews reviews;
  private final SentNotifications notifications;
  private final IncidentSummaries summaries;

  public IncidentQueryController(IncidentQuery query, ApiAccess access, IncidentReviews reviews,
      SentNotifications notifications, IncidentSummaries summaries) {
    this.summaries = summaries;
    this.query = query;
    this.access = access;
    this.reviews = reviews;
    this.notifications = notifications;
  }

  @GetMapping("/api/incidents")
  public IncidentQuery.Page list(
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String source,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    mayReadIncidents();
    List<String> problems = new ArrayList<>();
    IncidentListParameters.state(state, problems);
    String severityCode = IncidentListParameters.severity(severity, problems);
    String sourceId = IncidentListParameters.source(source, problems);
    IncidentListParameters.paging(page, size, MAX_PAGE_SIZE, problems);
    if (!problems.isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, problems);
    }
    return query.list(state, severityCode, sourceId, page, size);
  }

  @GetMapping("/api/incidents/{incidentId}")
  public IncidentQuery.Detail get(@PathVariable String incidentId) {
    mayReadIncidents();
    IncidentQuery.Detail detail = query.find(incidentId);
    if (detail == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "'");
    }
    return detail;
  }

  /**
   * Security's and Legal's reviews of the incident: for the reviewing group (its own kind), the
   * incident's Incident Commander, auditors and administrators ({@link IncidentReviews}).
   */
  @GetMapping("/api/incidents/{incidentId}/reviews")
  public IncidentReviews.Reviews reviews(@PathVariable String incidentId) {
    return reviews.of(incidentId);
  }

  /**
   * Which messages went out for the incident, oldest first, and where each stands (delivered,
   * pending, retried by its {@code incident-notification} process, delivered by hand): for whoever
   * may read the incident.
   */
  @GetMapping("/api/incidents/{incidentId}/notifications")
  public List<SentNotifications.Sent> notifications(@PathVariable String incidentId) {
    mayReadIncidents();
    if (query.find(incidentId) == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "'");
    }
    return notifications.forIncident(incidentId);
  }

  /**
   * The incident on one screen, for executives: severity, public state (the last posted status
   * update, Investigating before the first), impact, Incident Commander, next update due, opened at.
   */
  @GetMapping("/api/incidents/{incidentId}/summary")
  public IncidentSummaries.Summary summary(@PathVariable String incidentId) {
    mayReadIncidents();
    IncidentSummaries.Summary summary = summaries.of(incidentId);
    if (summary == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "no incident '" + incidentId + "'");
    }
    return summary;
  }

  /** Returns quietly when the caller may read incidents; otherwise 401 or 403 naming why. */
  private void mayReadIncidents() {
    access.granted(ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, IncidentResponse.PROCESS_KEY,
        "may not read incidents: that needs READ_HISTORY on process definition '" + IncidentResponse.PROCESS_KEY
            + "' (any runbook group has it)");
  }
}
