package io.runbook.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code database} health check behind {@code /actuator/health} and its readiness group: DOWN
 * while the database cannot be read <em>and written</em>.
 *
 * <p>Spring Boot's own check asks the pool for a connection and calls {@code isValid()}, which an
 * H2 database closed after a failed write (disk full) still answers with true; and a full database
 * can often still be read. So this check reads one row of the engine's own table
 * ({@code ACT_GE_PROPERTY}) and updates the single row of {@code rb_health_check}, with a statement
 * timeout. The answer is bounded in time ({@value #TIMEOUT_MILLIS} ms; a pool with no connection to
 * give is DOWN, not a hanging probe) and reused for {@value #REUSE_MILLIS} ms, with one check at a
 * time: the endpoint is public, and polling it must not turn into a stream of writes. Details never
 * leave the server; a change of state is logged with its reason.
 */
@Component
public class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthIndicator.class);
  static final long TIMEOUT_MILLIS = 3000;
  static final long REUSE_MILLIS = 1000;

  private final DataSource dataSource;
  private final ExecutorService checker = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "runbook-database-health");
    thread.setDaemon(true);
    return thread;
  });
  private Future<Health> inFlight;
  private Health last;
  private long lastAt;

  public DatabaseHealthIndicator(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    Future<Health> check;
    synchronized (this) {
      if (last != null && System.nanoTime() - lastAt < TimeUnit.MILLISECONDS.toNanos(REUSE_MILLIS)) {
        return last;
      }
      if (inFlight == null || inFlight.isDone()) {
        inFlight = checker.submit(this::check);
      }
      check = inFlight;
    }
    Health health;
    try {
      health = check.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      health = Health.down().withDetail("reason", "no answer from the database within " + TIMEOUT_MILLIS + " ms").build();
    } catch (ExecutionException failed) {
      health = Health.down(failed.getCause() instanceof Exception e ? e : failed).build();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      health = Health.unknown().build();
    }
    synchronized (this) {
      if (last != null && !last.getStatus().equals(health.getStatus())) {
        if (health.getStatus().equals(Status.UP)) {
          LOG.info("Database reachable and writable again: health UP");
        } else {
          LOG.warn("Database health {}: {}", health.getStatus(), health.getDetails());
        }
      }
      last = health;
      lastAt = System.nanoTime();
    }
    return health;
  }

  private Health check() {
    int seconds = (int) Math.max(1, TIMEOUT_MILLIS / 1000 - 1);
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(seconds);
      try (ResultSet row = statement.executeQuery("SELECT VALUE_ FROM ACT_GE_PROPERTY WHERE NAME_ = 'schema.version'")) {
        if (!row.next()) {
          return Health.down().withDetail("reason", "the engine's schema version is missing").build();
        }
      }
      if (statement.executeUpdate("UPDATE rb_health_check SET checked_at = CURRENT_TIMESTAMP WHERE id = 1") != 1) {
        statement.executeUpdate("INSERT INTO rb_health_check (id, checked_at) VALUES (1, CURRENT_TIMESTAMP)");
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return Health.up().build();
    } catch (SQLException | RuntimeException failed) {
      return Health.down(failed).build();
    }
  }

  @Override
  public void destroy() {
    checker.shutdownNow();
  }
}
