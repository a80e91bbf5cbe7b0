package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * At start-up the console says where the product is and, in the demo profile only, how to log in
 * and raise an alert. A small application with the real configuration files (application.yml,
 * application-demo.yml) and only this listener: no engine, no web server.
 */
@Tag("unit")
@ExtendWith(OutputCaptureExtension.class)
class StartupConsoleTest {

  @Configuration
  @Import(StartupConsole.class)
  static class Console {}

  private static void start(String... args) {
    SpringApplication application = new SpringApplication(Console.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext ignored = application.run(args)) {
      // ApplicationReadyEvent has been published.
    }
  }

  @Test
  void theDemoSaysWhereToOpenTheProductHowToLogInAndHowToRaiseAnAlert(CapturedOutput output) {
    start("--spring.profiles.active=demo");

    assertThat(output.getOut())
        .contains("Tasklist  http://localhost:8080/camunda/app/tasklist/")
        .contains("Cockpit   http://localhost:8080/camunda/app/cockpit/")
        .contains("API       http://localhost:8080/api/incidents")
        .contains("log in as one of these users; the password is the user id")
        .containsPattern("responder +responders")
        .containsPattern("manager +engineering-managers, managers")
        .containsPattern("admin +camunda-admin")
        .contains("curl -X POST http://localhost:8080/api/alerts -H 'Authorization: Bearer demo-generic-alert-token'");
  }

  @Test
  void anotherProfileGetsTheAddressesWithItsPortAndContextPathButNoCredentials(CapturedOutput output) {
    start("--spring.profiles.active=ops", "--server.port=18443", "--server.servlet.context-path=/runbook/",
        // Even if someone left demo users in another profile's configuration, they are not printed.
        "--runbook.demo.users[0].id=responder", "--runbook.demo.users[0].password=responder",
        "--runbook.ingest.sources.checks.endpoint=generic", "--runbook.ingest.sources.checks.tokens=secret-token");

    assertThat(output.getOut())
        .contains("Tasklist  http://localhost:18443/runbook/camunda/app/tasklist/")
        .contains("API       http://localhost:18443/runbook/api/incidents")
        .doesNotContain("password", "secret-token", "demo-generic-alert-token", "Bearer", "responder", "log in");
  }
}
