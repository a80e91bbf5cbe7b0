package io.runbook.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.incident.IncidentIntake;
import io.runbook.triage.Severity;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped severity rules do what the issue asks, and start-up fails naming the key when the
 * ingestion or detection configuration is wrong.
 */
@Tag("unit")
class DetectionConfigurationTest {

  @Configuration
  @EnableConfigurationProperties({IngestProperties.class, DetectionProperties.class})
  static class Properties {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Properties.class);

  private static DetectionProperties shippedDetection() throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
        .forEach(environment.getPropertySources()::addLast);
    return new Binder(ConfigurationPropertySources.get(environment))
        .bindOrCreate("runbook.detection", DetectionProperties.class);
  }

  private static IncomingAlert alert(String severityHint, IncidentIntake.Source source, Map<String, String> labels) {
    return new IncomingAlert(IncomingAlert.Action.TRIGGER, "f", null, "t", "", severityHint, source, labels, List.of(), "{}");
  }

  @Test
  void shippedRulesMapPayloadSeveritiesAndMarkSecurityScans() throws IOException {
    SeverityRules rules = new SeverityRules(shippedDetection());
    IncidentIntake.Source monitoring = IncidentIntake.Source.MONITORING;

    assertThat(rules.propose(alert("critical", monitoring, Map.of()), "any").severity()).isEqualTo(Severity.SEV1);
    assertThat(rules.propose(alert("ERROR", monitoring, Map.of()), "any").severity()).isEqualTo(Severity.SEV2);
    assertThat(rules.propose(alert("warning", monitoring, Map.of()), "any").severity()).isEqualTo(Severity.SEV3);
    assertThat(rules.propose(alert("info", monitoring, Map.of()), "any").severity()).isEqualTo(Severity.SEV4);
    assertThat(rules.propose(alert(null, monitoring, Map.of()), "any"))
        .isEqualTo(new SeverityRules.Proposal(Severity.SEV3, false));
    assertThat(rules.propose(alert("info", IncidentIntake.Source.SECURITY_SCAN, Map.of()), "any"))
        .isEqualTo(new SeverityRules.Proposal(Severity.SEV4, true));
    assertThat(rules.propose(List.of(alert("warning", monitoring, Map.of()), alert("critical", monitoring, Map.of())),
        "any").severity()).as("a group takes its most severe alert").isEqualTo(Severity.SEV1);
  }

  @Test
  void rulesCanMatchLabelsAndIntegrationsInOrder() {
    DetectionProperties properties = new DetectionProperties(List.of(
        new DetectionProperties.Rule("payments", new DetectionProperties.Match(null, null, null, Map.of("team", "payments")),
            "SEV-1", null),
        new DetectionProperties.Rule("scanner", new DetectionProperties.Match(null, "trivy", null, null), null, true),
        new DetectionProperties.Rule("rest", null, "SEV-4", null)),
        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30));
    SeverityRules rules = new SeverityRules(properties);

    assertThat(rules.propose(alert("info", IncidentIntake.Source.MONITORING, Map.of("team", "payments")), "prometheus"))
        .isEqualTo(new SeverityRules.Proposal(Severity.SEV1, false));
    assertThat(rules.propose(alert(null, IncidentIntake.Source.MONITORING, Map.of("team", "search")), "trivy"))
        .isEqualTo(new SeverityRules.Proposal(Severity.SEV4, true));
  }

  @Test
  void aRuleWithAnUnknownSeverityOrNothingToGiveStopsStartUp() {
    runner.withPropertyValues("runbook.detection.rules[0].severity=SEV-9",
            "runbook.detection.rules[1].match.severity=critical")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("runbook.detection.rules[0].severity must be one of SEV-1, SEV-2, SEV-3, SEV-4, got 'SEV-9'")
            .hasMessageContaining("runbook.detection.rules[1] gives neither a severity nor security-related"));
  }

  @Test
  void shortSharedOrManuallyKindedTokensStopStartUp() {
    runner.withPropertyValues(
            "runbook.ingest.sources.a.endpoint=generic",
            "runbook.ingest.sources.a.tokens[0]=short",
            "runbook.ingest.sources.b.endpoint=alertmanager",
            "runbook.ingest.sources.b.tokens[0]=the-same-long-token-1",
            "runbook.ingest.sources.c.endpoint=generic",
            "runbook.ingest.sources.c.tokens[0]=the-same-long-token-1",
            "runbook.ingest.sources.c.kind=user-report",
            "runbook.ingest.max-payload-size=2MB")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("runbook.ingest.sources.a.tokens[0] must have at least 16 characters")
            .hasMessageContaining("is also a token of source")
            .hasMessageContaining("runbook.ingest.sources.c.kind must be an automated source")
            .hasMessageContaining("runbook.ingest.max-payload-size must be between 1B and 1024KB"));
  }

  @Test
  void aSourceWithoutEndpointOrTokensStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.ingest.sources.nagios.kind=health-check")
        .run(context -> assertThat(context.getStartupFailure())
            .hasStackTraceContaining("runbook.ingest.sources[nagios].endpoint")
            .hasStackTraceContaining("runbook.ingest.sources[nagios].tokens"));
  }

  @Test
  void withoutSourcesNothingCanSendAlerts() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      IngestProperties properties = context.getBean(IngestProperties.class);
      assertThat(properties.sources()).isEmpty();
      assertThat(properties.maxPayloadSize().toKilobytes()).isEqualTo(512);
    });
  }
}
