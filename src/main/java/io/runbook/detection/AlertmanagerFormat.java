package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.detection.IncomingAlert.Action;
import io.runbook.detection.IncomingAlert.Link;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;

/**
 * Prometheus Alertmanager's webhook notification (version 4); Grafana's webhook contact point sends
 * the same shape with extra fields, which are kept in the raw payload and otherwise ignored. The
 * notification's {@code groupKey} is the dedup key, so incidents follow Alertmanager's grouping.
 */
final class AlertmanagerFormat {

  static final int MAX_ALERTS = 1000;
  private static final Set<String> STATUSES = new LinkedHashSet<>(List.of("firing", "resolved"));

  private AlertmanagerFormat() {}

  static AlertBatch parse(JsonNode root, IngestAuthenticator.Sender sender, ObjectMapper json) {
    JsonFields fields = new JsonFields();
    String groupKey = fields.text(root, "groupKey", "groupKey", true, 1024);
    fields.oneOf(root, "status", "status", true, STATUSES);
    String externalUrl = fields.text(root, "externalURL", "externalURL", false, 2048);
    JsonNode commonAnnotations = fields.object(root, "commonAnnotations", "commonAnnotations", false);
    JsonNode commonLabels = fields.object(root, "commonLabels", "commonLabels", false);
    JsonNode alerts = fields.array(root, "alerts", "alerts", true);
    if (alerts != null && alerts.isEmpty()) {
      fields.problem("'alerts' must not be empty");
    }
    if (alerts != null && alerts.size() > MAX_ALERTS) {
      fields.problem("'alerts' has " + alerts.size() + " alerts; at most " + MAX_ALERTS + " per notification");
    }
    List<IncomingAlert> parsed = new ArrayList<>();
    if (alerts != null && alerts.size() <= MAX_ALERTS) {
      for (int i = 0; i < alerts.size(); i++) {
        IncomingAlert alert = parseAlert(alerts.get(i), "alerts[" + i + "]", externalUrl, sender, fields, json);
        if (alert != null) {
          parsed.add(alert);
        }
      }
    }
    if (!fields.ok()) {
      throw new IngestException(HttpStatus.BAD_REQUEST, fields.problems());
    }
    String title = firstText(commonAnnotations, "summary");
    if (title == null) {
      title = firstText(commonLabels, "alertname");
    }
    return new AlertBatch(sender, AlertBatch.Format.ALERTMANAGER, groupKey, title, parsed);
  }

  private static IncomingAlert parseAlert(JsonNode node, String path, String externalUrl,
      IngestAuthenticator.Sender sender, JsonFields fields, ObjectMapper json) {
    if (!node.isObject()) {
      fields.problem("'" + path + "' must be an object, got " + JsonFields.typeOf(node));
      return null;
    }
    int before = fields.problems().size();
    String status = fields.oneOf(node, "status", path + ".status", true, STATUSES);
    Map<String, String> labels = fields.stringMap(node, "labels", path + ".labels", true, 4096);
    Map<String, String> annotations = fields.stringMap(node, "annotations", path + ".annotations", false, 16384);
    String startsAt = fields.text(node, "startsAt", path + ".startsAt", false, 64);
    fields.text(node, "endsAt", path + ".endsAt", false, 64);
    String generatorUrl = fields.text(node, "generatorURL", path + ".generatorURL", false, 2048);
    String fingerprint = fields.text(node, "fingerprint", path + ".fingerprint", false, 255);
    String dashboardUrl = fields.text(node, "dashboardURL", path + ".dashboardURL", false, 2048);
    if (fields.problems().size() > before) {
      return null;
    }
    if (fingerprint == null) {
      fingerprint = fingerprintOf(labels);
    }
    String alertname = labels.getOrDefault("alertname", "alert");
    String summary = annotations.get("summary");
    String title = summary != null ? summary : alertname;
    StringBuilder description = new StringBuilder();
    description.append(alertname).append(' ').append(new TreeMap<>(labels));
    String detail = annotations.getOrDefault("description", annotations.get("message"));
    if (detail != null) {
      description.append(": ").append(detail);
    } else if (summary != null) {
      description.append(": ").append(summary);
    }
    List<Link> links = new ArrayList<>();
    if (generatorUrl != null) {
      links.add(new Link(generatorUrl, "Source of " + alertname));
    }
    if (annotations.get("runbook_url") != null) {
      links.add(new Link(annotations.get("runbook_url"), "Runbook"));
    }
    if (dashboardUrl != null) {
      links.add(new Link(dashboardUrl, "Dashboard"));
    }
    if (externalUrl != null) {
      links.add(new Link(externalUrl, "Alertmanager"));
    }
    String payload;
    try {
      payload = json.writeValueAsString(node);
    } catch (Exception unwritable) {
      payload = "{}";
    }
    return new IncomingAlert(
        "resolved".equals(status) ? Action.RESOLVE : Action.TRIGGER,
        fingerprint,
        startsAt,
        title,
        description.toString(),
        labels.get("severity"),
        sender.kind(),
        labels,
        links,
        payload);
  }

  private static String firstText(JsonNode node, String field) {
    if (node == null || !node.path(field).isTextual() || node.path(field).asText().isBlank()) {
      return null;
    }
    return node.path(field).asText().strip();
  }

  /** Alertmanager computes fingerprints from the label set; senders that omit it get one the same way. */
  static String fingerprintOf(Map<String, String> labels) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
