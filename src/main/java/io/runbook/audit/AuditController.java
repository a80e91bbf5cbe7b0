package io.runbook.audit;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.PersonApi;
import io.runbook.communication.SentNotifications;
import io.runbook.incident.IncidentListParameters;
import io.runbook.incident.IncidentQuery;
import io.runbook.incident.IncidentReviews;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit API of one incident and the incident history list. Who may call it:
 * {@link IncidentRecords#mayReadHistory()} (READ_HISTORY and READ_HISTORY_VARIABLE on
 * {@code incident-response}, or a Camunda administrator); reviews' content only for those
 * {@link IncidentRecords} lets read it, in every format.
 *
 * <ul>
 *   <li>{@code GET /api/incidents/{id}/timeline}: the timeline as JSON ({@link IncidentTimeline.Timeline});</li>
 *   <li>{@code GET /api/incidents/{id}/timeline.csv} and {@code .md}: the same events for download;</li>
 *   <li>{@code GET /api/incidents/{id}/state?at=2026-12-01T10:15:00Z}: the replay ({@link IncidentReplay.State});</li>
 *   <li>{@code GET /api/incidents/{id}/export}: everything above and our rows, one JSON for the archive;</li>
 *   <li>{@code GET /api/audit/incidents?from=&to=&severity=&state=&source=&q=&page=&size=}: incidents, finished ones included.</li>
 * </ul>
 */
@RestController
@PersonApi
public class AuditController {

  static final int MAX_PAGE_SIZE = 200;

  /** The archive of one incident. */
  public record Export(
      String format,
      Instant exportedAt,
      String exportedBy,
      String incidentId,
      boolean reviewsIncluded,
      IncidentQuery.Detail incident,
      IncidentTimeline.Timeline timeline,
      IncidentReplay.State finalState,
      List<IncidentRecord.Escalation> escalations,
      List<SentNotifications.Sent> notifications,
      IncidentReviews.Reviews reviews) {}

  private final IncidentRecords records;
  private final IncidentTimeline timelines;
  private final IncidentReplay replay;
  private final TimelineExports exports;
  private final IncidentHistoryList list;
  private final IncidentQuery incidents;
  private final IncidentReviews reviews;
  private final ApiAccess access;
  private final Clock clock;

  public AuditController(IncidentRecords records, IncidentTimeline timelines, IncidentReplay replay, TimelineExports exports,
      IncidentHistoryList list, IncidentQuery incidents, IncidentReviews reviews, ApiAccess access, Clock clock) {
    this.records = records;
    this.timelines = timelines;
    this.replay = replay;
    this.exports = exports;
    this.list = list;
    this.incidents = incidents;
    this.reviews = reviews;
    this.access = access;
    this.clock = clock;
  }

  @GetMapping("/api/incidents/{incidentId}/timeline")
  public IncidentTimeline.Timeline timeline(@PathVariable String incidentId) {
    return timelines.of(records.forCaller(incidentId));
  }

  @GetMapping("/api/incidents/{incidentId}/timeline.csv")
  public ResponseEntity<String> timelineCsv(@PathVariable String incidentId) {
    String body = exports.csv(timelines.of(records.forCaller(incidentId)));
    return download(body, new MediaType("text", "csv", StandardCharsets.UTF_8), incidentId + "-timeline.csv");
  }

  @GetMapping("/api/incidents/{incidentId}/timeline.md")
  public ResponseEntity<String> timelineMarkdown(@PathVariable String incidentId) {
    String body = exports.markdown(timelines.of(records.forCaller(incidentId)));
    return download(body, new MediaType("text", "markdown", StandardCharsets.UTF_8), incidentId + "-timeline.md");
  }

  @GetMapping("/api/incidents/{incidentId}/state")
  public IncidentReplay.State state(@PathVariable String incidentId, @RequestParam(required = false) String at) {
    if (at == null || at.isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "parameter 'at' is required: an ISO-8601 instant such as 2026-12-01T10:15:00Z");
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(at.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "parameter 'at' must be an ISO-8601 instant with offset such as"
          + " 2026-12-01T10:15:00Z, got '" + at + "'");
    }
    IncidentRecord record = records.forCaller(incidentId);
    Instant started = record.root().getStartTime().toInstant();
    if (instant.isBefore(started)) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "parameter 'at' (" + instant + ") is before " + incidentId
          + " was reported (" + started + ")");
    }
    return replay.at(record, timelines.of(record), instant);
  }

  @GetMapping("/api/incidents/{incidentId}/export")
  public ResponseEntity<Export> export(@PathVariable String incidentId) {
    ApiAccess.Caller caller = records.mayReadHistory();
    IncidentRecord record = records.forCaller(incidentId);
    IncidentTimeline.Timeline timeline = timelines.of(record);
    Instant now = clock.instant();
    Instant end = record.root().getEndTime() == null ? now : record.root().getEndTime().toInstant();
    IncidentReviews.Reviews readable = null;
    try {
      readable = reviews.of(incidentId);
    } catch (ApiProblem refused) {
      // need-to-know: a caller who may read no review gets none
    }
    Export export = new Export("runbook-incident-export/1", now, caller.userId(), incidentId, timeline.reviewsIncluded(),
        incidents.find(incidentId), timeline, replay.at(record, timeline, end), record.escalations(), record.notifications(),
        readable);
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(incidentId + "-export.json").build().toString())
        .contentType(MediaType.APPLICATION_JSON).body(export);
  }

  @GetMapping("/api/audit/incidents")
  public IncidentHistoryList.Page incidents(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    records.mayReadHistory();
    List<String> problems = new ArrayList<>();
    Instant fromInstant = time("from", from, false, problems);
    Instant toInstant = time("to", to, true, problems);
    IncidentListParameters.state(state, problems);
    String severityCode = IncidentListParameters.severity(severity, problems);
    String sourceId = IncidentListParameters.source(source, problems);
    if (q != null && q.length() > 200) {
      problems.add("parameter 'q' must be at most 200 characters, got " + q.length());
    }
    IncidentListParameters.paging(page, size, MAX_PAGE_SIZE, problems);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      problems.add("parameter 'from' (" + fromInstant + ") must be before 'to' (" + toInstant + ")");
    }
    if (!problems.isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, problems);
    }
    String text = q == null || q.isBlank() ? null : q.trim();
    return list.list(new IncidentHistoryList.Filter(fromInstant, toInstant, severityCode, state, sourceId, text), page, size);
  }

  /** An ISO instant, or a date (UTC; as 'to' it includes the whole day). */
  private static Instant time(String name, String value, boolean endOfDay, List<String> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException notInstant) {
      try {
        LocalDate day = LocalDate.parse(value.trim());
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notDate) {
        problems.add("parameter '" + name + "' must be an ISO-8601 instant (2026-12-01T10:15:00Z) or a date (2026-12-01),"
            + " got '" + value + "'");
        return null;
      }
    }
  }

  private static ResponseEntity<String> download(String body, MediaType type, String filename) {
    return ResponseEntity.ok().contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
        .body(body);
  }
}
