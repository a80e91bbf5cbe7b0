package io.runbook.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The post-mortem's 24 h / 48 h and the action items' reminder interval are configuration; a reminder after the due date stops start-up. */
@Tag("unit")
class PostMortemConfigurationTest {

  @Configuration
  @EnableConfigurationProperties(PostMortemProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues("runbook.post-mortem.due-after=PT48H", "runbook.post-mortem.remind-after=PT24H",
          "runbook.post-mortem.action-item-reminder-every=P1D");

  @Test
  void theRunbooksFortyEightHoursBind() {
    runner.run(context -> {
      PostMortemProperties properties = context.getBean(PostMortemProperties.class);
      assertThat(properties.dueAfter()).isEqualTo(Duration.ofHours(48));
      assertThat(properties.remindAfter()).isEqualTo(Duration.ofHours(24));
      assertThat(properties.actionItemReminderEvery()).isEqualTo(Duration.ofDays(1));
    });
  }

  @Test
  void aReminderNotBeforeTheDueDateStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.post-mortem.remind-after=PT48H")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("runbook.post-mortem.remind-after must be positive and shorter than due-after"));
  }

  @Test
  void aMissingReminderIntervalStopsStartUp() {
    runner.withPropertyValues("runbook.post-mortem.action-item-reminder-every=")
        .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("actionItemReminderEvery"));
  }
}
