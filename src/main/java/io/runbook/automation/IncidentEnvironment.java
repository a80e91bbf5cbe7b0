package io.runbook.automation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The only incident data a script receives: {@code INCIDENT_ID}, {@code INCIDENT_SEVERITY} and
 * {@code INCIDENT_SERVICE}, as environment variables, each checked against {@link #ALLOWED}. A value
 * that fails the check stops the action before anything runs. Absent values are left out.
 */
public final class IncidentEnvironment {

  /**
   * What an incident value must look like to reach a script: letters, digits, dot, underscore and
   * hyphen, at most 64, starting with a letter or digit (so never an option such as {@code -rf}
   * nor a path step such as {@code ..}).
   */
  public static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public static final String ID = "INCIDENT_ID";
  public static final String SEVERITY = "INCIDENT_SEVERITY";
  public static final String SERVICE = "INCIDENT_SERVICE";

  /** An incident value that may not be handed to a script. */
  public static final class InvalidValue extends RuntimeException {
    InvalidValue(String message) {
      super(message);
    }
  }

  private IncidentEnvironment() {}

  public static Map<String, String> of(String incidentId, String severity, String service) {
    Map<String, String> env = new LinkedHashMap<>();
    put(env, ID, incidentId);
    put(env, SEVERITY, severity);
    put(env, SERVICE, service);
    return env;
  }

  private static void put(Map<String, String> env, String name, String value) {
    if (value == null) {
      return;
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new InvalidValue(name + " value '" + printable(value) + "' is not allowed: incident values passed to "
          + "scripts must match " + ALLOWED.pattern());
    }
    env.put(name, value);
  }

  /** The value for an error message: control characters shown as '?', at most 80 characters. */
  static String printable(String value) {
    String shown = value.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return shown.length() > 80 ? shown.substring(0, 77) + "..." : shown;
  }
}
