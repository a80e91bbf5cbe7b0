package io.runbook.system;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Several nodes started at the same moment on an empty PostgreSQL database start one after the
 * other: the engine creates its tables without any lock of its own, and two nodes creating them at
 * once fail ({@code duplicate key value violates unique constraint "pg_type_typname_nsp_index"}),
 * as would two nodes creating the same demo users, groups or Tasklist filters at once.
 *
 * <p>Before the engine is configured (the first plugin's {@code preInit}, before the schema is
 * created or checked) the node takes a PostgreSQL session advisory lock on a connection of its own,
 * and gives it back when the application is ready. A node that dies while starting loses its session
 * and with it the lock. A node waiting longer than {@code runbook.nodes.startup-lock-wait} (5 min)
 * stops, naming the lock and the database process holding it. Running nodes never take it: only
 * start-ups wait for each other. On H2 (one process) nothing is taken.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StartupLock implements ProcessEnginePlugin {

  /** The advisory lock's key: any fixed number; this one spells "runbook" in ASCII. */
  static final long KEY = 0x72756e626f6f6bL;
  private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);
  private static final Duration POLL = Duration.ofMillis(250);

  private final DataSource dataSource;
  private final Duration maxWait;
  private Connection held;

  public StartupLock(DataSource dataSource,
      @Value("${runbook.nodes.startup-lock-wait:PT5M}") Duration maxWait) {
    this.dataSource = dataSource;
    this.maxWait = maxWait;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    acquire();
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {}

  /** Takes the lock on PostgreSQL, waiting for another node's start-up if need be. */
  synchronized void acquire() {
    if (held != null) {
      return;
    }
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
        connection.close();
        return;
      }
      Instant giveUp = Instant.now().plus(maxWait);
      boolean logged = false;
      while (!tryLock(connection)) {
        if (!logged) {
          LOG.info("Waiting for another node to finish starting (PostgreSQL advisory lock {}, held by {})", KEY,
              holder(connection));
          logged = true;
        }
        if (Instant.now().isAfter(giveUp)) {
          throw new IllegalStateException("Another node has been starting for more than " + maxWait
              + " (PostgreSQL advisory lock " + KEY + " held by " + holder(connection)
              + "); stop it or raise runbook.nodes.startup-lock-wait");
        }
        Thread.sleep(POLL.toMillis());
      }
      if (logged) {
        LOG.info("The other node has started; this one goes on");
      }
      held = connection;
      connection = null;
    } catch (SQLException failed) {
      throw new IllegalStateException("Could not take the start-up lock on the database: " + failed.getMessage(), failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for another node to finish starting", interrupted);
    } finally {
      closeQuietly(connection);
    }
  }

  /** Start-up is over (the engine built, users, groups, filters and deployments in place). */
  @EventListener(ApplicationReadyEvent.class)
  @PreDestroy
  synchronized void release() {
    if (held == null) {
      return;
    }
    try (PreparedStatement unlock = held.prepareStatement("select pg_advisory_unlock(?)")) {
      unlock.setLong(1, KEY);
      unlock.execute();
    } catch (SQLException failed) {
      // A pooled connection would go back to the pool still holding the lock: end its session instead.
      LOG.warn("Could not give back the start-up lock; ending its database session: {}", failed.getMessage());
      try {
        held.abort(Runnable::run);
      } catch (SQLException ignored) {
        // the session is gone either way
      }
    } finally {
      closeQuietly(held);
      held = null;
    }
  }

  private static boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, KEY);
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /** "process 1234 (10.0.0.5)": who holds the lock, for the log; blank when it cannot tell. */
  private static String holder(Connection connection) {
    String sql = "select l.pid, a.client_addr from pg_locks l left join pg_stat_activity a on a.pid = l.pid"
        + " where l.locktype = 'advisory' and l.granted"
        + " and ((l.classid::bigint << 32) | l.objid::bigint) = ?";
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, KEY);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? "database process " + result.getInt(1) + " (" + result.getString(2) + ")" : "another session";
      }
    } catch (SQLException unknown) {
      return "another session";
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the pool replaces a broken connection
    }
  }
}
