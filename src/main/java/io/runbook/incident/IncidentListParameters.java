package io.runbook.incident;

import io.runbook.triage.Severity;
import java.util.List;

/**
 * The filters and paging that lists of incidents share ({@code GET /api/incidents} and the audit's
 * history list): each method checks one parameter, adds a problem naming it when it is wrong, and
 * returns the value the query takes (null: no filter).
 */
public final class IncidentListParameters {

  private IncidentListParameters() {}

  /** {@code open} or {@code closed}. */
  public static String state(String state, List<String> problems) {
    if (state != null && !state.equals(IncidentRegistry.OPEN) && !state.equals(IncidentRegistry.CLOSED)) {
      problems.add("parameter 'state' must be open or closed, got '" + state + "'");
    }
    return state;
  }

  /** A severity as the registry stores it (SEV-1 ... SEV-4). */
  public static String severity(String severity, List<String> problems) {
    if (severity == null) {
      return null;
    }
    String code = Severity.fromCode(severity).map(Severity::code).orElse(null);
    if (code == null) {
      problems.add("parameter 'severity' must be one of SEV-1, SEV-2, SEV-3, SEV-4, got '" + severity + "'");
    }
    return code;
  }

  /** One of the intake's sources, by id. */
  public static String source(String source, List<String> problems) {
    if (source == null) {
      return null;
    }
    try {
      return IncidentIntake.Source.fromId(source).id();
    } catch (IllegalArgumentException unknown) {
      problems.add("parameter " + unknown.getMessage());
      return null;
    }
  }

  /** A page number from 0 and a size from 1 to {@code maxSize}. */
  public static void paging(int page, int size, int maxSize, List<String> problems) {
    if (page < 0) {
      problems.add("parameter 'page' must be 0 or more, got " + page);
    }
    if (size < 1 || size > maxSize) {
      problems.add("parameter 'size' must be between 1 and " + maxSize + ", got " + size);
    }
  }
}
