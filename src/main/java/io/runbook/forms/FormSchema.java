package io.runbook.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules a Camunda Form (form-js JSON) puts on the values it submits: required fields, the
 * allowed values of selects and radios, and length, range and pattern limits. The engine does not
 * check them itself, so a task completed through REST could skip them; {@link #violations} checks
 * them again on the server.
 */
public final class FormSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One field that submits a value. */
  public record Field(
      String key,
      String label,
      String type,
      boolean required,
      Set<String> allowedValues,
      Integer minLength,
      Integer maxLength,
      Double min,
      Double max,
      String pattern) {}

  private final String id;
  private final List<Field> fields;
  private final Set<String> readOnlyKeys;

  private FormSchema(String id, List<Field> fields, Set<String> readOnlyKeys) {
    this.id = id;
    this.fields = List.copyOf(fields);
    this.readOnlyKeys = Set.copyOf(readOnlyKeys);
  }

  public String id() {
    return id;
  }

  /** The fields a person fills in: every keyed field that is neither read-only nor disabled. */
  public List<Field> fields() {
    return fields;
  }

  /** The editable field of this key, if the form has one. */
  public java.util.Optional<Field> editable(String key) {
    return fields.stream().filter(field -> field.key().equals(key)).findFirst();
  }

  /** Keys the form shows but a person cannot change (read-only or disabled fields). */
  public Set<String> readOnlyKeys() {
    return readOnlyKeys;
  }

  public static FormSchema parse(InputStream json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<Field> fields = new ArrayList<>();
    Set<String> readOnly = new LinkedHashSet<>();
    collect(root.path("components"), fields, readOnly);
    return new FormSchema(root.path("id").asText(null), fields, readOnly);
  }

  private static void collect(JsonNode components, List<Field> fields, Set<String> readOnly) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        collect(component.path("components"), fields, readOnly);
      }
      String key = component.path("key").asText(null);
      boolean inert = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
      if (key == null) {
        continue;
      }
      if (inert) {
        readOnly.add(key);
        continue;
      }
      JsonNode validate = component.path("validate");
      Set<String> allowed = new LinkedHashSet<>();
      for (JsonNode value : component.path("values")) {
        allowed.add(value.path("value").asText());
      }
      fields.add(
          new Field(
              key,
              component.path("label").asText(key),
              component.path("type").asText(),
              validate.path("required").asBoolean(false),
              allowed,
              validate.has("minLength") ? validate.get("minLength").asInt() : null,
              validate.has("maxLength") ? validate.get("maxLength").asInt() : null,
              validate.has("min") ? validate.get("min").asDouble() : null,
              validate.has("max") ? validate.get("max").asDouble() : null,
              validate.path("pattern").asText(null)));
    }
  }

  /** What is wrong with the submitted values, one sentence a person can act on per problem. */
  public List<String> violations(Function<String, Object> values) {
    List<String> problems = new ArrayList<>();
    for (Field field : fields) {
      Object value = values.apply(field.key());
      String name = "'" + field.label() + "' (" + field.key() + ")";
      if (isEmpty(field, value)) {
        if (field.required()) {
          problems.add(name + (field.type().equals("checkbox") ? " must be checked" : " is required"));
        }
        continue;
      }
      String text = String.valueOf(value);
      if (!field.allowedValues().isEmpty() && !field.allowedValues().contains(text)) {
        problems.add(name + " must be one of " + field.allowedValues() + ", got '" + text + "'");
      }
      if (field.minLength() != null && text.length() < field.minLength()) {
        problems.add(name + " must have at least " + field.minLength() + " characters");
      }
      if (field.maxLength() != null && text.length() > field.maxLength()) {
        problems.add(name + " must have at most " + field.maxLength() + " characters");
      }
      if (field.pattern() != null && !Pattern.compile(field.pattern()).matcher(text).matches()) {
        problems.add(name + " does not match the expected format " + field.pattern());
      }
      if (field.min() != null || field.max() != null) {
        Double number = asNumber(value);
        if (number == null) {
          problems.add(name + " must be a number, got '" + text + "'");
        } else if ((field.min() != null && number < field.min()) || (field.max() != null && number > field.max())) {
          problems.add(name + " must be between " + field.min() + " and " + field.max() + ", got " + text);
        }
      }
    }
    return problems;
  }

  private static boolean isEmpty(Field field, Object value) {
    if (value == null) {
      return true;
    }
    if (field.type().equals("checkbox")) {
      return !Boolean.TRUE.equals(value) && !"true".equals(String.valueOf(value));
    }
    return value instanceof String s && s.isBlank();
  }

  private static Double asNumber(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.valueOf(String.valueOf(value));
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
