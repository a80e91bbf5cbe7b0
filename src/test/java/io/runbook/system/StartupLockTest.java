package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.runbook.testing.EngineTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nodes started together on PostgreSQL start one after the other (TwoNodesTest shows it with two
 * JVMs); here, on a real PostgreSQL, what a waiting node does: it goes on when the other's start-up
 * is over or the other dies, and gives up after the configured wait naming who holds the lock.
 */
@Tag(EngineTest.TAG)
class StartupLockTest {

  static EmbeddedPostgres postgres;
  static DataSource database;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    database = postgres.getPostgresDatabase();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void aSecondNodeWaitsUntilTheFirstIsReady() {
    StartupLock first = new StartupLock(database, Duration.ofMinutes(1));
    StartupLock second = new StartupLock(database, Duration.ofMinutes(1));
    first.acquire();
    CompletableFuture<Void> secondStarting = CompletableFuture.runAsync(second::acquire);
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !secondStarting.isDone());
    assertThat(lockHolders()).isEqualTo(1);

    first.release();
    await().atMost(Duration.ofSeconds(10)).until(secondStarting::isDone);
    assertThat(secondStarting).isCompleted();
    second.release();
    assertThat(lockHolders()).isZero();
  }

  @Test
  void aNodeThatDiesWhileStartingLetsTheOthersGoOn() throws SQLException {
    Connection dyingNode = database.getConnection();
    new JdbcTemplate(new SingleConnection(dyingNode)).execute("select pg_advisory_lock(" + StartupLock.KEY + ")");
    StartupLock next = new StartupLock(database, Duration.ofMinutes(1));
    CompletableFuture<Void> starting = CompletableFuture.runAsync(next::acquire);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !starting.isDone());

    dyingNode.close(); // its session ends, as when its process is killed
    await().atMost(Duration.ofSeconds(10)).until(starting::isDone);
    assertThat(starting).isCompleted();
    next.release();
  }

  @Test
  void aNodeWaitingTooLongStopsNamingTheHolder() {
    StartupLock stuck = new StartupLock(database, Duration.ofMinutes(1));
    stuck.acquire();
    try {
      StartupLock impatient = new StartupLock(database, Duration.ofMillis(600));
      assertThatThrownBy(impatient::acquire)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Another node has been starting for more than PT0.6S")
          .hasMessageContaining("held by database process")
          .hasMessageContaining("runbook.nodes.startup-lock-wait");
    } finally {
      stuck.release();
    }
    assertThat(lockHolders()).isZero();
  }

  @Test
  void onH2NothingIsTakenAndNothingWaits() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:startup-lock-test");
    StartupLock one = new StartupLock(h2, Duration.ofMillis(100));
    StartupLock other = new StartupLock(h2, Duration.ofMillis(100));
    one.acquire();
    other.acquire();
    one.release();
    other.release();
  }

  private static int lockHolders() {
    Integer count = new JdbcTemplate(database).queryForObject(
        "select count(*) from pg_locks where locktype = 'advisory' and granted", Integer.class);
    return count == null ? 0 : count;
  }

  /** A DataSource always handing out the one connection (a session holding the lock). */
  private static final class SingleConnection extends org.springframework.jdbc.datasource.SingleConnectionDataSource {
    SingleConnection(Connection connection) {
      super(connection, true);
    }
  }
}
