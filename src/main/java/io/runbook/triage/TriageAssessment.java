package io.runbook.triage;

import io.runbook.communication.InitialNotification;
import org.springframework.stereotype.Service;

/** Turns the triage decision into what the rest of the runbook needs to know. */
@Service
public class TriageAssessment {

  /** Consequences of a severity for this incident. */
  public record Outcome(
      Severity severity,
      String responseTime,
      boolean responseTeamRequired,
      boolean postMortemRequired,
      String initialNotification) {}

  private final SeverityCatalogue catalogue;

  public TriageAssessment(SeverityCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public Outcome assess(
      String severityCode, String title, String affectedSystems, String affectedUsers, String channel) {
    Severity severity =
        Severity.fromCode(severityCode)
            .orElseThrow(() -> new IllegalArgumentException(
                "severity must be one of SEV-1, SEV-2, SEV-3, SEV-4; got '" + severityCode + "'"));
    SeverityCatalogue.Level level = catalogue.level(severity);
    String affected = join(affectedSystems, affectedUsers);
    String notification =
        new InitialNotification(title, severity.code(), "Investigating", affected, null, channel).render();
    return new Outcome(
        severity,
        level.responseTime().toString(),
        severity.needsResponseTeam(),
        level.postMortemRequired(),
        notification);
  }

  private static String join(String systems, String users) {
    boolean hasSystems = systems != null && !systems.isBlank();
    boolean hasUsers = users != null && !users.isBlank();
    if (hasSystems && hasUsers) {
      return systems.trim() + " / " + users.trim();
    }
    return hasSystems ? systems.trim() : hasUsers ? users.trim() : null;
  }
}
