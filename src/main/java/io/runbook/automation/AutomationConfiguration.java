package io.runbook.automation;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process runner with the application's environment and the configured inherited names; where actions' files are. */
@Configuration
public class AutomationConfiguration {

  @Bean
  ActionLocations actionLocations(AutomationSettings settings) {
    Path home = ActionLocations.applicationHome(AutomationConfiguration.class);
    return new ActionLocations(settings.baseDir() == null ? home : home.resolve(settings.baseDir()), System.getenv("PATH"));
  }

  @Bean
  ActionRunner actionRunner(AutomationSettings settings) {
    return new ActionRunner(System.getenv(), settings.inheritedEnvironment(), Duration.ofSeconds(2));
  }
}
