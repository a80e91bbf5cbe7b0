package io.runbook.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Actions as configuration: defaults, per-service variants, and start-up errors that name the key. */
@Tag("unit")
class ActionCatalogueTest {

  @Configuration
  @EnableConfigurationProperties({ActionCatalogue.class, AutomationSettings.class})
  static class Properties {}

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(Properties.class)
      .withPropertyValues(
          "runbook.actions.rollback.command=npm,run,rollback:now,Incident response",
          "runbook.actions.health.command=npm,run,health",
          "runbook.actions.health.retry=R3/PT10S",
          "runbook.actions.recent-changes.command=git,log,--oneline,-10");

  @Test
  void defaultsMirrorTheRunbook() {
    context.run(ctx -> {
      ActionCatalogue catalogue = ctx.getBean(ActionCatalogue.class);
      ActionDefinition rollback = catalogue.resolve("rollback", null).definition();
      assertThat(rollback.command()).containsExactly("npm", "run", "rollback:now", "Incident response");
      assertThat(rollback.timeout()).isEqualTo(Duration.ofMinutes(5));
      assertThat(rollback.maxOutput()).isEqualTo(DataSize.ofKilobytes(64));
      assertThat(rollback.retryPolicy()).isEqualTo(RetryPolicy.NONE);
      assertThat(catalogue.resolve("health", null).retryPolicy()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(10)));
      AutomationSettings settings = ctx.getBean(AutomationSettings.class);
      assertThat(settings.monitoringWindow()).isEqualTo(Duration.ofMinutes(30));
      assertThat(settings.inheritedEnvironment()).contains("PATH", "HOME");
    });
  }

  @Test
  void theFirstListedSystemWithSettingsChoosesTheVariant() {
    context.withPropertyValues(
            "runbook.services.payments.actions.rollback.working-directory=/srv/payments",
            "runbook.services.payments.actions.rollback.environment.DEPLOY_ENV=prod",
            "runbook.services.checkout.actions.health.command=curl,-fsS,http://checkout/health")
        .run(ctx -> {
          ActionCatalogue catalogue = ctx.getBean(ActionCatalogue.class);
          assertThat(catalogue.serviceFor("frontend, payments; checkout")).contains("payments");
          assertThat(catalogue.serviceFor("frontend web")).contains("frontend");
          assertThat(catalogue.serviceFor(" ")).isEmpty();
          ActionDefinition rollback = catalogue.resolve("rollback", "payments").definition();
          assertThat(rollback.command()).containsExactly("npm", "run", "rollback:now", "Incident response");
          assertThat(rollback.workingDirectory()).hasToString("/srv/payments");
          assertThat(rollback.environment()).containsEntry("DEPLOY_ENV", "prod");
          assertThat(catalogue.resolve("health", "payments").definition().command()).containsExactly("npm", "run", "health");
        });
  }

  private void assertStartupFails(String message, String... properties) {
    context.withPropertyValues(properties).run(ctx ->
        assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining(message));
  }

  @Test
  void aShellStringIsRefused() {
    assertStartupFails("command[0] 'npm run health' contains whitespace: give the command as a list of arguments",
        "runbook.actions.health.command=npm run health");
  }

  @Test
  void servicesCannotAddActions() {
    assertStartupFails("runbook.services.web.actions.deploy: there is no action 'deploy' under runbook.actions",
        "runbook.services.web.actions.deploy.command=bash,deploy.sh");
  }

  @Test
  void badValuesAreNamed() {
    assertStartupFails("retry must be 'none' or 'R<attempts>/<ISO-8601 duration>'", "runbook.actions.health.retry=3 times");
    assertStartupFails("environment name 'INCIDENT_ID' is reserved", "runbook.actions.health.environment.INCIDENT_ID=x");
    assertStartupFails("timeout must be positive", "runbook.actions.rollback.timeout=PT0S");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ActionCatalogue(Map.of("rollback",
            new ActionDefinition(List.of("true"), null, null, Duration.ofMinutes(1), DataSize.ofKilobytes(1), "none")),
            null, null))
        .hasMessageContaining("runbook.actions.health is missing; runbook.actions.recent-changes is missing");
  }

  @Test
  void incidentValuesMustBePlainNames() {
    assertThat(IncidentEnvironment.of("INC-2026-0042", "SEV-1", "checkout-api.v2"))
        .containsEntry("INCIDENT_SERVICE", "checkout-api.v2");
    for (String bad : List.of("$(touch x)", "-rf", "..", "a b", "a\nb", "x".repeat(65), "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IncidentEnvironment.of("INC-1", "SEV-1", bad))
          .isInstanceOf(IncidentEnvironment.InvalidValue.class).hasMessageStartingWith("INCIDENT_SERVICE value '");
    }
    assertThat(IncidentEnvironment.of("INC-1", null, null)).isEqualTo(Map.of("INCIDENT_ID", "INC-1"));
  }

  @Test
  void anActionMayNotOutlastItsJobLock() {
    org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties camunda =
        new org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties();
    camunda.getJobExecution().setLockTimeInMillis(300_000);
    ActionDefinition fiveMinutes =
        new ActionDefinition(List.of("true"), null, null, Duration.ofMinutes(5), DataSize.ofKilobytes(1), "none");
    ActionDefinition oneMinute =
        new ActionDefinition(List.of("true"), null, null, Duration.ofMinutes(1), DataSize.ofKilobytes(1), "none");
    ActionCatalogue catalogue = new ActionCatalogue(
        Map.of("rollback", fiveMinutes, "health", oneMinute, "recent-changes", oneMinute), null, null);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JobLockCheck(catalogue, camunda))
        .hasMessage("runbook.actions.rollback.timeout PT5M must be at least PT1M shorter than the job lock time PT5M "
            + "(camunda.bpm.job-execution.lock-time-in-millis)");
    camunda.getJobExecution().setLockTimeInMillis(1_200_000);
    new JobLockCheck(catalogue, camunda);
  }
}
