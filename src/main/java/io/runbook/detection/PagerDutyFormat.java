package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbook.detection.IncomingAlert.Action;
import io.runbook.detection.IncomingAlert.Link;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * PagerDuty Events API v2 ({@code /v2/enqueue}): the same fields, limits and required values as
 * PagerDuty, so tools configured for PagerDuty work unchanged. The routing key is the integration
 * key of a configured source and is never stored.
 */
final class PagerDutyFormat {

  static final Set<String> ACTIONS = new LinkedHashSet<>(List.of("trigger", "acknowledge", "resolve"));
  static final Set<String> SEVERITIES = new LinkedHashSet<>(List.of("critical", "error", "warning", "info"));

  private PagerDutyFormat() {}

  /** The routing key, read before anything else is checked (authentication comes first). */
  static String routingKey(JsonNode root) {
    JsonNode key = root.get("routing_key");
    return key != null && key.isTextual() ? key.asText() : null;
  }

  static AlertBatch parse(JsonNode root, IngestAuthenticator.Sender sender, ObjectMapper json) {
    JsonFields fields = new JsonFields();
    String action = fields.oneOf(root, "event_action", "event_action", true, ACTIONS);
    // PagerDuty generates a dedup key for a trigger without one; acknowledge and resolve need it.
    String dedupKey = fields.text(root, "dedup_key", "dedup_key", action != null && !action.equals("trigger"), 255);
    String summary = null;
    String source = null;
    String severity = null;
    Map<String, String> labels = new LinkedHashMap<>();
    StringBuilder description = new StringBuilder();
    JsonNode payload = fields.object(root, "payload", "payload", "trigger".equals(action));
    if (payload != null) {
      boolean trigger = "trigger".equals(action);
      summary = fields.text(payload, "summary", "payload.summary", trigger, 1024);
      source = fields.text(payload, "source", "payload.source", trigger, 255);
      severity = fields.oneOf(payload, "severity", "payload.severity", trigger, SEVERITIES);
      fields.text(payload, "timestamp", "payload.timestamp", false, 64);
      for (String name : List.of("component", "group", "class")) {
        String value = fields.text(payload, name, "payload." + name, false, 255);
        if (value != null) {
          labels.put(name, value);
        }
      }
      if (source != null) {
        labels.put("source", source);
        description.append("Source: ").append(source);
      }
      labels.forEach((name, value) -> {
        if (!name.equals("source")) {
          description.append("\n").append(Character.toUpperCase(name.charAt(0))).append(name.substring(1))
              .append(": ").append(value);
        }
      });
      JsonNode details = payload.get("custom_details");
      if (details != null && !details.isNull()) {
        description.append("\nDetails: ").append(details.isTextual() ? details.asText() : details.toString());
      }
    }
    List<Link> links = fields.links(root, "links", "links", "href", "text");
    for (Link image : fields.links(root, "images", "images", "src", "alt")) {
      links.add(image);
    }
    String client = fields.text(root, "client", "client", false, 255);
    String clientUrl = fields.text(root, "client_url", "client_url", false, 2048);
    if (clientUrl != null) {
      links.add(new Link(clientUrl, client == null ? "Client" : client));
    }
    if (!fields.ok()) {
      throw new IngestException(HttpStatus.BAD_REQUEST, fields.problems());
    }
    if (dedupKey == null) {
      dedupKey = UUID.randomUUID().toString().replace("-", "");
    }
    // The routing key is a secret: never stored.
    ObjectNode stored = (ObjectNode) root;
    stored.remove("routing_key");
    Action parsed = switch (action) {
      case "trigger" -> Action.TRIGGER;
      case "resolve" -> Action.RESOLVE;
      default -> Action.ACKNOWLEDGE;
    };
    IncomingAlert alert = new IncomingAlert(parsed, dedupKey, null,
        summary == null ? action + " " + dedupKey : summary, description.toString().strip(), severity,
        sender.kind(), labels, links, stored.toString());
    return new AlertBatch(sender, AlertBatch.Format.PAGERDUTY, dedupKey, null, List.of(alert));
  }
}
