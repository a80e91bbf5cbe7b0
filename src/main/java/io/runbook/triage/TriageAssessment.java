package io.runbook.triage;

import org.springframework.stereotype.Service;

/** Turns the triage decision into what the rest of the runbook needs to know. */
@Service
public class TriageAssessment {

  /** Consequences of a severity for this incident. */
  public record Outcome(
      Severity severity,
      String responseTime,
      boolean responseTeamRequired,
      boolean postMortemRequired) {}

  private final SeverityCatalogue catalogue;

  public TriageAssessment(SeverityCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public Outcome assess(String severityCode) {
    Severity severity =
        Severity.fromCode(severityCode)
            .orElseThrow(() -> new IllegalArgumentException(
                "severity must be one of SEV-1, SEV-2, SEV-3, SEV-4; got '" + severityCode + "'"));
    SeverityCatalogue.Level level = catalogue.level(severity);
    return new Outcome(
        severity,
        level.responseTime().toString(),
        severity.needsResponseTeam(),
        level.postMortemRequired());
  }

}
