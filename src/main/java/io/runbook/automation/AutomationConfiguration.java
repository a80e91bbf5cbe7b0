package io.runbook.automation;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process runner with the application's environment and the configured inherited names. */
@Configuration
public class AutomationConfiguration {

  @Bean
  ActionRunner actionRunner(AutomationSettings settings) {
    return new ActionRunner(System.getenv(), settings.inheritedEnvironment(), Duration.ofSeconds(2));
  }
}
