package io.runbook.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Legal's deadline is configuration (runbook.data-breach); defaults from GDPR Art. 33, mistakes stop start-up naming the keys. */
@Tag("unit")
class DataBreachConfigurationTest {

  @Configuration
  @EnableConfigurationProperties(DataBreachProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  @Test
  void withoutSettingsLegalHas72HoursRemindersAt24And12AndTheCtoAt6() {
    runner.run(context -> {
      DataBreachProperties settings = context.getBean(DataBreachProperties.class);
      assertThat(settings.deadline()).isEqualTo(Duration.ofHours(72));
      assertThat(settings.firstReminderBefore()).isEqualTo(Duration.ofHours(24));
      assertThat(settings.secondReminderBefore()).isEqualTo(Duration.ofHours(12));
      assertThat(settings.escalateBefore()).isEqualTo(Duration.ofHours(6));
      assertThat(settings.escalateTo()).isNull();
    });
  }

  @Test
  void anotherRegulatorsDeadlineBinds() {
    runner.withPropertyValues("runbook.data-breach.deadline=24h", "runbook.data-breach.first-reminder-before=12h",
        "runbook.data-breach.second-reminder-before=4h", "runbook.data-breach.escalate-before=2h",
        "runbook.data-breach.escalate-to=engineering-manager")
        .run(context -> {
          DataBreachProperties settings = context.getBean(DataBreachProperties.class);
          assertThat(settings.deadline()).isEqualTo(Duration.ofHours(24));
          assertThat(settings.escalateTo()).isEqualTo("engineering-manager");
        });
  }

  @Test
  void remindersAfterTheEscalationStopStartUpNamingTheKeys() {
    runner.withPropertyValues("runbook.data-breach.second-reminder-before=2h", "runbook.data-breach.escalate-before=6h")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("runbook.data-breach")
            .hasMessageContaining("second-reminder-before (PT2H) >= escalate-before (PT6H)"));
  }
}
