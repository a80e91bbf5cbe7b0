package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbook.detection.IncomingAlert.Link;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads fields of an incoming JSON document and collects every problem with them, each naming the
 * field by its path ({@code payload.severity}, {@code alerts[2].labels}), so a sender learns all
 * that is wrong in one answer.
 */
final class JsonFields {

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  boolean ok() {
    return problems.isEmpty();
  }

  void problem(String text) {
    problems.add(text);
  }

  static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase();
    };
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  String text(JsonNode parent, String field, String path, boolean required, int maxLength) {
    JsonNode node = parent.get(field);
    if (absent(node)) {
      if (required) {
        problems.add("'" + path + "' is missing");
      }
      return null;
    }
    if (!node.isTextual()) {
      problems.add("'" + path + "' must be a string, got " + typeOf(node));
      return null;
    }
    String value = node.asText();
    if (value.isBlank()) {
      if (required) {
        problems.add("'" + path + "' is blank");
      }
      return null;
    }
    if (value.length() > maxLength) {
      problems.add("'" + path + "' must be at most " + maxLength + " characters, got " + value.length());
      return null;
    }
    return value.strip();
  }

  String oneOf(JsonNode parent, String field, String path, boolean required, Set<String> allowed) {
    String value = text(parent, field, path, required, 64);
    if (value != null && !allowed.contains(value)) {
      problems.add("'" + path + "' must be one of " + String.join(", ", allowed) + "; got '" + value + "'");
      return null;
    }
    return value;
  }

  JsonNode object(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (absent(node)) {
      if (required) {
        problems.add("'" + path + "' is missing");
      }
      return null;
    }
    if (!node.isObject()) {
      problems.add("'" + path + "' must be an object, got " + typeOf(node));
      return null;
    }
    return node;
  }

  JsonNode array(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (absent(node)) {
      if (required) {
        problems.add("'" + path + "' is missing");
      }
      return null;
    }
    if (!node.isArray()) {
      problems.add("'" + path + "' must be an array, got " + typeOf(node));
      return null;
    }
    return node;
  }

  /** An object whose values are all strings (Alertmanager labels and annotations, generic labels). */
  Map<String, String> stringMap(JsonNode parent, String field, String path, boolean required, int maxValueLength) {
    JsonNode node = object(parent, field, path, required);
    Map<String, String> values = new LinkedHashMap<>();
    if (node == null) {
      return values;
    }
    int before = problems.size();
    node.fields().forEachRemaining(entry -> {
      JsonNode value = entry.getValue();
      if (!value.isTextual()) {
        problems.add("'" + path + "." + entry.getKey() + "' must be a string, got " + typeOf(value));
      } else if (value.asText().length() > maxValueLength) {
        problems.add("'" + path + "." + entry.getKey() + "' must be at most " + maxValueLength + " characters");
      } else {
        values.put(entry.getKey(), value.asText());
      }
    });
    if (required && values.isEmpty() && problems.size() == before) {
      problems.add("'" + path + "' must not be empty");
    }
    return values;
  }

  /** {@code [{"href": "...", "text": "..."}]} (PagerDuty and generic links). */
  List<Link> links(JsonNode parent, String field, String path, String hrefField, String textField) {
    JsonNode array = array(parent, field, path, false);
    List<Link> links = new ArrayList<>();
    if (array == null) {
      return links;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode link = array.get(i);
      String at = path + "[" + i + "]";
      if (!link.isObject()) {
        problems.add("'" + at + "' must be an object, got " + typeOf(link));
        continue;
      }
      String href = text(link, hrefField, at + "." + hrefField, true, 2048);
      String text = text(link, textField, at + "." + textField, false, 1024);
      if (href != null) {
        links.add(new Link(href, text));
      }
    }
    return links;
  }
}
