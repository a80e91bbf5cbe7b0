package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Our tables are created and upgraded by the same migrations on every database; a demo database
 * created before the migrations existed (tables made by the old schema.sql, no history table)
 * starts, keeps its rows, and is on the current version afterwards. A small application with the
 * real application.yml and only the database parts.
 */
@Tag("unit")
class SchemaMigrationTest {

  @TempDir Path dir;

  @Configuration
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
      FlywayAutoConfiguration.class})
  static class DatabaseOnly {}

  private ConfigurableApplicationContext start(String url) {
    SpringApplication application = new SpringApplication(DatabaseOnly.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    return application.run("--spring.profiles.active=ops", "--spring.datasource.url=" + url);
  }

  @Test
  void aDemoDatabaseFromBeforeTheMigrationsStartsAndKeepsItsRows() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("runbook") + ";WRITE_DELAY=0";
    // As the product before Flyway left it: the tables of schema.sql (today's V1), an incident number used.
    String oldSchema = Files.readString(Path.of("src/main/resources/db/migration/V1__runbook_tables.sql"));
    try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement sql = connection.createStatement()) {
      sql.execute(oldSchema);
      sql.execute("INSERT INTO rb_incident_counter (counter_year, last_number) VALUES (2026, 41)");
    }

    try (ConfigurableApplicationContext context = start(url)) {
      JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
      assertThat(jdbc.queryForObject("SELECT last_number FROM rb_incident_counter WHERE counter_year = 2026", Long.class))
          .isEqualTo(41);
      assertThat(jdbc.queryForList("SELECT \"version\" FROM \"rb_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class))
          .as("baselined below V1, then V1 (which creates only what is missing) and every later migration").isEqualTo(List.of("0", "1", "2", "3", "3.1", "3.2"));
    }
    // And it starts again, with nothing left to do.
    try (ConfigurableApplicationContext context = start(url)) {
      assertThat(context.getBean(JdbcTemplate.class).queryForObject(
          "SELECT COUNT(*) FROM \"rb_schema_history\" WHERE \"version\" IS NOT NULL", Integer.class)).isEqualTo(6);
    }
  }

  @Test
  void anEmptyDatabaseGetsEveryTableFromTheMigrations() {
    try (ConfigurableApplicationContext context = start("jdbc:h2:mem:migrations-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
      JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
      assertThat(jdbc.queryForList("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES "
          + "WHERE LOWER(TABLE_NAME) LIKE 'rb\\_%' ESCAPE '\\' ORDER BY 1", String.class))
          .containsExactly("rb_alert", "rb_escalation_event", "rb_health_check", "rb_incident_counter",
              "rb_incident_registry", "rb_node", "rb_notification", "rb_open_dedup_key", "rb_schema_history", "rb_status_update");
      // H2 only (db/vendor/h2/V3_1): identity values come from a large cache, so running out of it, which
      // costs H2 a commit of its own, is rare under an alert storm.
      assertThat(jdbc.queryForList("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.COLUMNS "
          + "WHERE IS_IDENTITY = 'YES' AND IDENTITY_CACHE >= 1000 ORDER BY 1", String.class))
          .containsExactly("rb_alert", "rb_escalation_event", "rb_notification", "rb_status_update");
      // H2 only (db/vendor/h2/V3_2): NULL sorts last in ascending order, as on PostgreSQL, so a task
      // without a due date comes after the dated ones in Tasklist's filters.
      assertThat(jdbc.queryForList("SELECT x FROM (VALUES (CAST(NULL AS INT)), (2), (1)) AS t(x) ORDER BY x", Integer.class))
          .containsExactly(1, 2, null);
    }
  }
}
