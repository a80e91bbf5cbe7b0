package io.runbook.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The severity table is configuration; broken configuration stops start-up naming the key. */
@Tag("unit")
class SeverityCatalogueTest {

  @Configuration
  @EnableConfigurationProperties(SeverityCatalogue.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues(level("sev1", "SEV-1", "Critical", "PT15M", "true"))
      .withPropertyValues(level("sev2", "SEV-2", "High", "PT1H", "true"))
      .withPropertyValues(level("sev3", "SEV-3", "Medium", "PT4H", "false"))
      .withPropertyValues(level("sev4", "SEV-4", "Low", "PT24H", "false"))
      .withPropertyValues(
          "runbook.severities.sev1.resolution-target=PT4H", "runbook.severities.sev1.escalation-interval=PT10M",
          "runbook.severities.sev2.resolution-target=PT8H", "runbook.severities.sev2.escalation-interval=PT30M",
          "runbook.severities.sev3.resolution-target=P3D", "runbook.severities.sev3.escalation-interval=PT4H",
          "runbook.severities.sev3.escalate-unacknowledged=false",
          "runbook.severities.sev4.resolution-target=P14D", "runbook.severities.sev4.escalate-unacknowledged=false")
      .withPropertyValues(
          "runbook.severities.sev1.escalation=Immediate", "runbook.severities.sev2.escalation=Within 30 min",
          "runbook.severities.sev3.escalation=If unresolved", "runbook.severities.sev4.escalation=None",
          "runbook.severities.sev1.examples=Complete outage", "runbook.severities.sev2.examples=Partial outage",
          "runbook.severities.sev3.examples=Minor feature issues", "runbook.severities.sev4.examples=Cosmetic issues");

  private static String[] level(String key, String label, String description, String responseTime, String postMortem) {
    String p = "runbook.severities." + key + ".";
    return new String[] {p + "label=" + label, p + "description=" + description,
        p + "response-time=" + responseTime, p + "post-mortem-required=" + postMortem};
  }

  @Test
  void theRunbookTableBindsWithItsResponseTimes() {
    runner.run(context -> {
      SeverityCatalogue catalogue = context.getBean(SeverityCatalogue.class);
      assertThat(catalogue.level(Severity.SEV1).responseTime()).isEqualTo(Duration.ofMinutes(15));
      assertThat(catalogue.level(Severity.SEV4).responseTime()).isEqualTo(Duration.ofHours(24));
      assertThat(catalogue.guide()).contains("SEV-1 (Critical): respond within 15 minutes, escalation: Immediate");
    });
  }

  @Test
  void theEscalationColumnBecomesConcreteDurations() {
    runner.run(context -> {
      SeverityCatalogue catalogue = context.getBean(SeverityCatalogue.class);
      // Immediate / Within 30 min: both SLAs climb the path at these intervals.
      assertThat(catalogue.level(Severity.SEV1).escalationInterval()).isEqualTo(Duration.ofMinutes(10));
      assertThat(catalogue.level(Severity.SEV2).escalationInterval()).isEqualTo(Duration.ofMinutes(30));
      assertThat(catalogue.level(Severity.SEV1).escalateUnacknowledged()).isTrue();
      // If unresolved: only the resolution target climbs. None: nothing climbs.
      assertThat(catalogue.level(Severity.SEV3).escalateUnacknowledged()).isFalse();
      assertThat(catalogue.level(Severity.SEV3).resolutionTarget()).isEqualTo(Duration.ofDays(3));
      assertThat(catalogue.level(Severity.SEV4).escalates()).isFalse();
      assertThat(catalogue.guide()).contains(
          "SEV-1 (Critical): respond within 15 minutes, escalation: Immediate (next level every 10 minutes), resolve within 4 hours",
          "SEV-3 (Medium): respond within 4 hours, escalation: If unresolved (next level every 4 hours), resolve within 3 days",
          "SEV-4 (Low): respond within 24 hours, escalation: None, resolve within 14 days");
    });
  }

  @Test
  void aMissingResolutionTargetStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.severities.sev2.resolution-target=")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("severities[sev2].resolutionTarget"));
  }

  @Test
  void aResolutionTargetShorterThanTheResponseTimeStopsStartUp() {
    runner.withPropertyValues("runbook.severities.sev1.resolution-target=PT10M")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("resolution-target (PT10M) must be longer than response-time (PT15M)"));
  }

  @Test
  void aMissingLevelStopsStartUpNamingIt() {
    runner.withPropertyValues("runbook.severities.sev5.label=SEV-5")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("runbook.severities.sev5 is not a severity"));
  }

  @Test
  void anInvalidResponseTimeStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.severities.sev2.response-time=soon")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("runbook.severities.sev2.response-time"));
  }

  @Test
  void aBlankDescriptionStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.severities.sev3.description=")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("severities[sev3].description"));
  }
}
