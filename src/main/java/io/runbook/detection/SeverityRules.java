package io.runbook.detection;

import io.runbook.detection.DetectionProperties.Rule;
import io.runbook.incident.IncidentIntake;
import io.runbook.triage.Severity;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Proposes an incident's severity and security flag from its alerts ({@code runbook.detection.rules}). */
@Service
public class SeverityRules {

  /** What the rules propose; triage decides. */
  public record Proposal(Severity severity, boolean securityRelated) {}

  private final DetectionProperties properties;

  public SeverityRules(DetectionProperties properties) {
    this.properties = properties;
  }

  /** For one alert. Without a matching severity rule, a SEV code given as hint is taken, else SEV-3. */
  public Proposal propose(IncomingAlert alert, String integration) {
    Severity severity = null;
    boolean security = false;
    for (Rule rule : properties.rules()) {
      if (!matches(rule, alert, integration)) {
        continue;
      }
      if (severity == null && rule.parsedSeverity() != null) {
        severity = rule.parsedSeverity();
      }
      security |= Boolean.TRUE.equals(rule.securityRelated());
    }
    if (severity == null) {
      severity = Severity.fromCode(alert.severityHint()).orElse(IncidentIntake.DEFAULT_SEVERITY);
    }
    return new Proposal(severity, security);
  }

  /** For an incident opened by several alerts: the most severe proposal, security-related if any is. */
  public Proposal propose(Collection<IncomingAlert> alerts, String integration) {
    Severity severity = null;
    boolean security = false;
    for (IncomingAlert alert : alerts) {
      Proposal one = propose(alert, integration);
      if (severity == null || one.severity().ordinal() < severity.ordinal()) {
        severity = one.severity();
      }
      security |= one.securityRelated();
    }
    return new Proposal(severity == null ? IncidentIntake.DEFAULT_SEVERITY : severity, security);
  }

  private static boolean matches(Rule rule, IncomingAlert alert, String integration) {
    DetectionProperties.Match match = rule.match();
    if (match.source() != null && match.source() != alert.source()) {
      return false;
    }
    if (match.integration() != null && !match.integration().equals(integration)) {
      return false;
    }
    if (!match.severity().isEmpty()) {
      String hint = alert.severityHint() == null ? null : alert.severityHint().strip().toLowerCase(Locale.ROOT);
      if (hint == null || !match.severity().contains(hint)) {
        return false;
      }
    }
    for (Map.Entry<String, String> label : match.labels().entrySet()) {
      if (!label.getValue().equals(alert.labels().get(label.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
