package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.RunbookApplication;
import io.runbook.security.ProductionSettingsCheck.UnsafeProductionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A prod start refuses to run without a strong admin password from the environment, and says why. */
@ExtendWith(OutputCaptureExtension.class)
@Tag("unit")
class ProductionSettingsCheckTest {

  private static SpringApplicationBuilder prod(String... properties) {
    return new SpringApplicationBuilder(RunbookApplication.class)
        .profiles("prod", "test")
        .properties("server.port=0")
        .properties(properties);
  }

  @Test
  void startWithoutTheAdminPasswordStopsNamingTheVariable(CapturedOutput output) {
    assertThatThrownBy(() -> prod().run()).isInstanceOf(UnsafeProductionSettings.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The 'prod' profile needs the administrator's password in the environment variable "
            + "RUNBOOK_ADMIN_PASSWORD, and it is not set.")
        .contains("Set RUNBOOK_ADMIN_PASSWORD");
  }

  @Test
  void aWeakAdminPasswordIsRefusedWithWhatIsWrong(CapturedOutput output) {
    assertThatThrownBy(() -> prod("RUNBOOK_ADMIN_PASSWORD=admin123").run()).isInstanceOf(UnsafeProductionSettings.class);
    assertThat(output).contains("The administrator password in RUNBOOK_ADMIN_PASSWORD is too weak: it contains "
        + "the user's id or name, has fewer than 10 characters, has no upper-case letter, has no special character.");
  }

  @Test
  void prodWithTheDemoUsersIsRefused(CapturedOutput output) {
    assertThatThrownBy(() -> prod("RUNBOOK_ADMIN_PASSWORD=Incident-Resp0nse!").profiles("demo").run())
        .isInstanceOf(UnsafeProductionSettings.class);
    assertThat(output).contains("'demo' creates users whose password is their user id");
  }

  @Test
  void thePostgresProfileWithoutItsConnectionStopsNamingWhatIsMissing(CapturedOutput output) {
    assertThatThrownBy(() -> prod("RUNBOOK_ADMIN_PASSWORD=Incident-Resp0nse!", "RUNBOOK_DB_USER=runbook")
        .profiles("postgres").run()).isInstanceOf(UnsafeProductionSettings.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The 'postgres' profile takes the database connection from the environment, and "
            + "RUNBOOK_DB_URL, RUNBOOK_DB_PASSWORD are not set.")
        .contains("Set RUNBOOK_DB_URL (e.g. jdbc:postgresql://db.example.com:5432/runbook)");
  }

  @Test
  void thePostgresProfileRefusesAnotherDatabasesUrl(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(RunbookApplication.class).profiles("postgres", "test")
        .properties("RUNBOOK_DB_URL=jdbc:h2:mem:x", "RUNBOOK_DB_USER=sa", "RUNBOOK_DB_PASSWORD=").run())
        .isInstanceOf(UnsafeProductionSettings.class);
    assertThat(output).contains("RUNBOOK_DB_URL must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
  }

  @Test
  void theCheckAgreesWithTheEnginesPasswordPolicy() {
    assertThat(ProductionSettingsCheck.policyProblems("admin", "Incident-Resp0nse!")).isEmpty();
    assertThat(ProductionSettingsCheck.policyProblems("ops", "Incident-Resp0nse!")).isEmpty();
    assertThat(ProductionSettingsCheck.policyProblems("ops", "Ops-Resp0nse!x")).containsExactly("contains the user's id or name");
  }
}
