package io.runbook.incident;

import io.runbook.triage.Severity;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Opens the incident ticket: gives it an id, settles where it came from and what severity is
 * proposed until triage decides.
 */
@Service
public class IncidentIntake {

  /** Where an incident came from: the runbook's automated and manual detection sources. */
  public enum Source {
    MONITORING("monitoring", true),
    HEALTH_CHECK("health-check", true),
    SECURITY_SCAN("security-scan", true),
    LOG_ANOMALY("log-anomaly", true),
    USER_REPORT("user-report", false),
    SUPPORT_TICKET("support-ticket", false),
    TEAM_OBSERVATION("team-observation", false);

    private final String id;
    private final boolean automated;

    Source(String id, boolean automated) {
      this.id = id;
      this.automated = automated;
    }

    public String id() {
      return id;
    }

    public boolean automated() {
      return automated;
    }

    public static Source fromId(String id) {
      return Arrays.stream(values())
          .filter(s -> s.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "source must be one of " + Arrays.stream(values()).map(Source::id).toList() + "; got '" + id + "'"));
    }
  }

  /** What registration decided. */
  public record Registration(String incidentId, Source source, Severity proposedSeverity, String channel) {}

  /** Severity assumed when a report or alert proposes none. */
  public static final Severity DEFAULT_SEVERITY = Severity.SEV3;

  private final IncidentIdAllocator ids;

  public IncidentIntake(IncidentIdAllocator ids) {
    this.ids = ids;
  }

  public Registration register(String existingId, String source, String proposedSeverity) {
    String incidentId = existingId == null || existingId.isBlank() ? ids.next() : existingId;
    Source parsedSource = Source.fromId(source == null ? Source.USER_REPORT.id() : source);
    Severity severity = Severity.fromCode(proposedSeverity).orElse(DEFAULT_SEVERITY);
    String channel = channelFor(incidentId);
    return new Registration(incidentId, parsedSource, severity, channel);
  }

  /** The dedicated communication channel name the runbook asks for: {@code #incident-[id]}. */
  public static String channelFor(String incidentId) {
    return "#incident-" + incidentId.toLowerCase(Locale.ROOT);
  }
}
