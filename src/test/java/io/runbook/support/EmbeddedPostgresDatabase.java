package io.runbook.support;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A real PostgreSQL (zonky's embedded binaries) as the application's database, for tests that
 * {@code @Import} it. The database lives exactly as long as the application context and is closed
 * after it: closed earlier (in an {@code @AfterAll}), the engine's shutdown at JVM exit waited on a
 * dead database until surefire killed the test JVM.
 */
@TestConfiguration
public class EmbeddedPostgresDatabase {

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.builder().start();
  }

  @Bean(destroyMethod = "close")
  @Primary
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    pool.setUsername("postgres");
    return pool;
  }
}
