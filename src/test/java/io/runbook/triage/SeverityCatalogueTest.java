package io.runbook.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The severity table is configuration; broken configuration stops start-up naming the key. */
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
