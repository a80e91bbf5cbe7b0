package io.runbook.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Real operating-system processes run from the test scripts in src/test/resources/scripts. */
@Tag("unit")
class ActionRunnerTest {

  static final Path SCRIPTS = Path.of("src/test/resources/scripts").toAbsolutePath();

  @TempDir Path tmp;

  private final ActionRunner runner = new ActionRunner(
      Map.of("PATH", System.getenv("PATH"), "HOME", "/home/demo", "DB_PASSWORD", "s3cret"),
      List.of("PATH", "HOME"), Duration.ofSeconds(1));

  private Long leftover;

  @AfterEach
  void killLeftover() {
    if (leftover != null) {
      ProcessHandle.of(leftover).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static ActionDefinition action(Duration timeout, DataSize maxOutput, String... command) {
    return new ActionDefinition(List.of(command), null, Map.of(), timeout, maxOutput, "none");
  }

  private static ActionDefinition action(String... command) {
    return action(Duration.ofSeconds(20), DataSize.ofKilobytes(64), command);
  }

  private static String script(String name) {
    return SCRIPTS.resolve(name).toString();
  }

  @Test
  void capturesStdoutStderrExitCodeAndDurationAndPassesArgumentsUnchanged() {
    ActionResult result = runner.run("rollback",
        action("bash", script("prints.sh"), "Incident response", "$(touch x)", "a;b", "`id`"),
        IncidentEnvironment.of("INC-2026-0001", "SEV-1", "checkout-api"));

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.duration()).isPositive();
    assertThat(result.stdout()).contains("hello from prints.sh",
        "arg:[Incident response]", "arg:[$(touch x)]", "arg:[a;b]", "arg:[`id`]",
        "INCIDENT_ID=INC-2026-0001 INCIDENT_SEVERITY=SEV-1 INCIDENT_SERVICE=checkout-api");
    assertThat(result.stderr()).isEqualTo("a warning on stderr\n");
    assertThat(result.commandLine()).endsWith("prints.sh 'Incident response' '$(touch x)' 'a;b' '`id`'");
    assertThat(Path.of("x")).doesNotExist();
  }

  @Test
  void nonZeroExitIsAFailureWithItsCodeAndOutput() {
    ActionResult result = runner.run("rollback", action("bash", script("fail.sh"), "7"), Map.of());

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.stdout()).contains("starting");
    assertThat(result.stderr()).contains("error: previous release not found");
    assertThat(result.summary()).startsWith("rollback failed with exit code 7 after");
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void aCommandThatCannotStartSaysWhy() {
    ActionResult result = runner.run("health", action("/no/such/npm", "run", "health"), Map.of());

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.NOT_STARTED);
    assertThat(result.exitCode()).isNull();
    assertThat(result.summary()).startsWith("health could not start: Cannot run program \"/no/such/npm\"");
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws IOException {
    Path pids = tmp.resolve("pids");
    ActionResult result = runner.run("rollback",
        action(Duration.ofSeconds(3), DataSize.ofKilobytes(64), "bash", script("hang.sh"), pids.toString()),
        Map.of());

    assertThat(Path.of(pids + ".ready")).as("the script got to start its children").exists();
    long child = Long.parseLong(Files.readString(Path.of(pids + ".child")).trim());
    long grandchild = Long.parseLong(Files.readString(Path.of(pids + ".grandchild")).trim());
    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.TIMED_OUT);
    assertThat(result.summary()).contains("timed out", "exceeded its timeout of PT3S");
    assertThat(result.stdout()).contains("started children");
    assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).as("child %d", child).isNotEqualTo(java.util.Optional.of(true));
      assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).as("grandchild %d", grandchild).isNotEqualTo(java.util.Optional.of(true));
    });
  }

  @Test
  void floodedOutputIsCutToMaxOutputWithAMarkerKeepingStartAndEnd() {
    ActionResult result = runner.run("health",
        action(Duration.ofSeconds(20), DataSize.ofKilobytes(4), "bash", script("flood.sh"), "1000000"), Map.of());

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
    assertThat(result.stdout()).startsWith("FIRST-LINE").endsWith("LAST-LINE\n")
        // 1,000,022 bytes printed, 4,096 kept: 2,048 from the start, 2,048 from the end.
        .contains("\n[... 995926 bytes truncated ...]\n");
    assertThat(result.stdout().length()).isLessThan(4096 + 64);
  }

  @Test
  void scriptsGetOnlyTheInheritedNamesTheActionEnvironmentAndTheIncident() {
    ActionDefinition env = new ActionDefinition(List.of("bash", script("env.sh")), tmp, Map.of("DEPLOY_TARGET", "eu-1"),
        Duration.ofSeconds(20), DataSize.ofKilobytes(64), "none");
    ActionResult result = runner.run("health", env, IncidentEnvironment.of("INC-2026-0002", "SEV-3", null));

    assertThat(result.stdout()).contains("HOME=/home/demo", "DEPLOY_TARGET=eu-1", "INCIDENT_ID=INC-2026-0002",
            "INCIDENT_SEVERITY=SEV-3", "PATH=")
        .doesNotContain("DB_PASSWORD", "s3cret", "INCIDENT_SERVICE");
  }

  @Test
  void aBackgroundProcessHoldingTheOutputDoesNotHoldTheRun() throws IOException {
    Path pid = tmp.resolve("bg.pid");
    ActionResult result = runner.run("health", action("bash", script("background.sh"), pid.toString()), Map.of());
    leftover = Long.parseLong(Files.readString(pid).trim());

    assertThat(result.outcome()).isEqualTo(ActionResult.Outcome.SUCCEEDED);
    assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
    assertThat(result.stdout()).contains("done in the foreground", "a background process holds it");
  }

  @Test
  void workingDirectoryIsTheConfiguredOne() {
    ActionDefinition inTmp = new ActionDefinition(List.of("bash", script("prints.sh")), tmp, Map.of(),
        Duration.ofSeconds(20), DataSize.ofKilobytes(64), "none");
    assertThat(runner.run("health", inTmp, Map.of()).stdout()).contains("pwd=" + tmp);
  }
}
