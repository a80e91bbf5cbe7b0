package io.runbook.system;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the connection pool to throw away a connection whose database is gone, so the next request
 * gets a fresh one (set as {@code spring.datasource.hikari.exception-override-class-name}).
 *
 * <p>Why: when H2 cannot write its file (disk full, I/O error) it closes its database, but the open
 * connections stay "open": {@code isValid()} still answers true and every statement fails with
 * 90098 "The database has been closed". Hikari evicts only on SQL states 08xxx and a few vendor
 * codes, so it kept handing out those dead connections until their {@code max-lifetime} (30 min)
 * while a new connection would have reopened the database at once. PostgreSQL's "connection lost"
 * and "admin shutdown" errors are already in Hikari's own list; everything else keeps Hikari's
 * default decision.
 */
public class DatabaseConnectionEviction implements SQLExceptionOverride {

  /** H2: database closed (after a failed write), closed by SHUTDOWN, connection broken. */
  static final Set<String> DEAD_H2_STATES = Set.of("90098", "90121", "90067");

  @java.lang.Override
  public Override adjudicate(SQLException exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null && DEAD_H2_STATES.contains(sql.getSQLState())) {
        return Override.MUST_EVICT;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Override.CONTINUE_EVICT;
  }
}
