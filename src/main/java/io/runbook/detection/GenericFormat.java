package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbook.detection.IncomingAlert.Action;
import io.runbook.detection.IncomingAlert.Link;
import io.runbook.incident.IncidentIntake;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * Runbook's own small alert format ({@code POST /api/alerts}), for health checks, scanners and
 * scripts that speak neither Alertmanager nor PagerDuty. Documented in docs/alerts.md.
 */
final class GenericFormat {

  static final Set<String> SOURCES =
      new LinkedHashSet<>(List.of("monitoring", "health-check", "security-scan", "log-anomaly"));
  static final Set<String> STATUSES = new LinkedHashSet<>(List.of("firing", "resolved"));

  private GenericFormat() {}

  static AlertBatch parse(JsonNode root, IngestAuthenticator.Sender sender) {
    JsonFields fields = new JsonFields();
    String source = fields.oneOf(root, "source", "source", false, SOURCES);
    String title = fields.text(root, "title", "title", true, 1024);
    String description = fields.text(root, "description", "description", false, 10_000);
    String severity = fields.text(root, "severity", "severity", false, 64);
    String dedupKey = fields.text(root, "dedupKey", "dedupKey", false, 255);
    String status = fields.oneOf(root, "status", "status", false, STATUSES);
    Map<String, String> labels = fields.stringMap(root, "labels", "labels", false, 4096);
    List<Link> links = fields.links(root, "links", "links", "href", "text");
    if (!fields.ok()) {
      throw new IngestException(HttpStatus.BAD_REQUEST, fields.problems());
    }
    IncidentIntake.Source kind = source == null ? sender.kind() : IncidentIntake.Source.fromId(source);
    if (dedupKey == null) {
      dedupKey = kind.id() + ":" + (title.length() > 200 ? title.substring(0, 200) : title);
    }
    IncomingAlert alert = new IncomingAlert("resolved".equals(status) ? Action.RESOLVE : Action.TRIGGER,
        dedupKey, null, title, description == null ? "" : description, severity, kind, labels, links, root.toString());
    return new AlertBatch(sender, AlertBatch.Format.GENERIC, dedupKey, null, List.of(alert));
  }
}
