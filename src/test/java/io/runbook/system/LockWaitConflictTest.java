package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The loser of two writes to the same incident at once on H2 may not get Camunda's optimistic
 * locking conflict but H2's own lock timeout (it waits 2 s for the other's row): over the engine's
 * REST API that is the same loss, answered 409 "retry", not 500.
 */
@Tag("unit")
class LockWaitConflictTest {

  @Test
  void anH2LockTimeoutIsAConflictToRetryNotAServerError() throws SQLException {
    String url = "jdbc:h2:mem:lock-wait-" + System.nanoTime() + ";LOCK_TIMEOUT=100;DB_CLOSE_DELAY=-1";
    try (Connection first = DriverManager.getConnection(url); Connection second = DriverManager.getConnection(url)) {
      try (Statement ddl = first.createStatement()) {
        ddl.execute("create table guard(name varchar(20) primary key, val int)");
        ddl.execute("insert into guard values ('running', 0)");
      }
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      try (Statement winner = first.createStatement()) {
        winner.executeUpdate("update guard set val = 1 where name = 'running'");
      }
      SQLException timeout = null;
      try (Statement loser = second.createStatement()) {
        loser.executeUpdate("update guard set val = 2 where name = 'running'");
      } catch (SQLException e) {
        timeout = e;
      }
      assertThat((Throwable) timeout).as("H2 gave up waiting for the other transaction's row").isNotNull();

      // As the engine reports a failed flush: its exception, MyBatis's, the driver's.
      ProcessEnginePersistenceException failed = new ProcessEnginePersistenceException(
          "ENGINE-03004 Exception while executing Database Operation", new PersistenceException(timeout));
      Optional<Response> answer = EngineRestClientErrors.clientError(failed);
      assertThat(answer).isPresent();
      assertThat(answer.get().getStatus()).isEqualTo(409);
      assertThat(((ExceptionDto) answer.get().getEntity()).getMessage()).contains("retry");
    }
  }

  @Test
  void otherDatabaseFailuresStayServerErrors() {
    SQLException broken = new SQLException("Connection is closed", "08003");
    assertThat(EngineRestClientErrors.clientError(new ProcessEnginePersistenceException("flush", broken)))
        .as("a broken connection is the server's problem").isEmpty();
  }
}
