package io.runbook.automation;

import io.runbook.system.StartupConsole;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A small Runbook (actions only: the real configuration files, the start-up check, the console and
 * the runner, no engine) that runs the configured rollback and health check once and prints their
 * exit codes. {@link ActionLocationsTest} starts it as its own process in another working directory,
 * as a person starting the product from elsewhere would.
 */
public final class DemoActionsProbe {

  @Configuration
  @EnableConfigurationProperties({ActionCatalogue.class, AutomationSettings.class})
  @Import({AutomationConfiguration.class, ActionCheck.class, StartupConsole.class})
  static class ActionsOnly {}

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(ActionsOnly.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = application.run(args)) {
      ActionCatalogue catalogue = context.getBean(ActionCatalogue.class);
      ActionLocations locations = context.getBean(ActionLocations.class);
      ActionRunner runner = context.getBean(ActionRunner.class);
      for (String name : new String[] {Actions.ROLLBACK, Actions.HEALTH}) {
        ActionResult result = runner.run(name, locations.locate(catalogue.resolve(name, null).definition()),
            IncidentEnvironment.of("INC-2026-0001", "SEV-2", "checkout-api"));
        System.out.println("PROBE " + name + " exit " + result.exitCode() + " " + result.outcome());
        System.out.println(result.stdout() + result.stderr());
      }
    }
  }

  private DemoActionsProbe() {}
}
