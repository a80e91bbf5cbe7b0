package io.runbook.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.system.StartupConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Configured actions run wherever the product is started, and an action that cannot run is said at
 * start-up: a stop naming the action and the path outside the demo, a loud console warning in it.
 * Small applications with the real configuration files and only the automation parts (no engine).
 */
@Tag("unit")
@ExtendWith(OutputCaptureExtension.class)
class ActionLocationsTest {

  static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path elsewhere;

  @Configuration
  @EnableConfigurationProperties({ActionCatalogue.class, AutomationSettings.class})
  @Import({AutomationConfiguration.class, ActionCheck.class, StartupConsole.class})
  static class ActionsOnly {}

  private static void start(String... args) {
    SpringApplication application = new SpringApplication(ActionsOnly.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext ignored = application.run(args)) {
      // started, ApplicationReadyEvent published
    }
  }

  /** Before: the packaged product started outside the repository failed every rollback and health check with 127. */
  @Test
  void theDemosRollbackAndHealthCheckRunWhenTheProductIsStartedInAnotherDirectory() throws Exception {
    Path tmp = Files.createDirectories(elsewhere.resolve("tmp"));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DemoActionsProbe.class.getName(), "--spring.profiles.active=demo")
        .directory(elsewhere.toFile())
        .redirectErrorStream(true);
    builder.environment().put("TMPDIR", tmp.toString());
    Process probe = builder.start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).as(output)
        .contains("PROBE rollback exit 0 SUCCEEDED", "Rollback complete: checkout-api now runs v4.1.3")
        .contains("PROBE health exit 0 SUCCEEDED", "All 3 checks passed: checkout-api is healthy.")
        .doesNotContain("Action will fail");
    assertThat(elsewhere.resolve("demo")).doesNotExist();
  }

  @Test
  void outsideTheDemoAMissingScriptStopsStartUpNamingTheActionAndThePath(CapturedOutput output) {
    assertThatThrownBy(() -> start("--spring.profiles.active=ops",
        "--runbook.actions.rollback.command=bash,ops/rollback.sh",
        "--runbook.actions.health.command=no-such-health-tool,--all"))
        .hasRootCauseInstanceOf(UnresolvedActionsException.class);

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("runbook.actions.health (no-such-health-tool --all): its executable 'no-such-health-tool' is not on the PATH")
        .contains("runbook.actions.rollback (bash ops/rollback.sh): its script " + PROJECT.resolve("ops/rollback.sh")
            + " does not exist")
        .contains("Relative paths are taken from " + PROJECT + " (runbook.automation.base-dir)");
  }

  @Test
  void aScriptThatIsNotExecutableAndAMissingWorkingDirectoryAreNamedToo() throws Exception {
    Path script = Files.writeString(elsewhere.resolve("rollback.sh"), "#!/bin/sh\necho rolled back\n");
    ActionLocations locations = new ActionLocations(elsewhere, System.getenv("PATH"));
    ActionDefinition rollback = new ActionDefinition(List.of("./rollback.sh"), Path.of("releases"), null, null, null, "none");

    assertThat(locations.problems(rollback)).containsExactly(
        "its working directory " + elsewhere.resolve("releases") + " does not exist",
        "its executable " + script + " is not executable (chmod +x)");

    Files.createDirectory(elsewhere.resolve("releases"));
    assertThat(script.toFile().setExecutable(true)).isTrue();
    assertThat(locations.problems(rollback)).isEmpty();
    assertThat(locations.locate(rollback).command()).containsExactly(script.toString());
    assertThat(locations.locate(rollback).workingDirectory()).isEqualTo(elsewhere.resolve("releases"));
  }

  @Test
  void theDemoStartsWithAMissingScriptAndTheConsoleSaysWhichActionWillFail(CapturedOutput output) {
    start("--spring.profiles.active=demo", "--runbook.automation.base-dir=" + elsewhere);

    assertThat(output.getOut())
        .contains("!! Runbook started, but 3 things need fixing:")
        .contains("!!   Action will fail: runbook.actions.health (bash demo/scripts/health.sh): its script "
            + elsewhere.resolve("demo/scripts/health.sh") + " does not exist")
        .contains("Action will fail: runbook.actions.rollback")
        .contains("Action will fail: runbook.actions.recent-changes");
  }

  @Test
  void theApplicationHomeOfMavensBuildOutputIsTheProject() {
    assertThat(ActionLocations.applicationHome(ActionLocations.class)).isEqualTo(PROJECT);
  }
}
