package io.runbook.security;

import java.sql.SQLException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Credentials could not be checked because the database did not answer. Answered with 503 by
 * {@link EngineAuthenticationFilter}: a 401 would tell the caller their password is wrong, and a
 * load balancer that the node is fine.
 */
class IdentityUnavailableException extends RuntimeException {

  IdentityUnavailableException(Throwable cause) {
    super("credentials cannot be checked: database unavailable", cause);
  }

  /** Whether this failure comes from the database (or getting a connection to it), not from the input. */
  static boolean isDatabaseFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof ProcessEnginePersistenceException || cause instanceof SQLException
          || cause instanceof DataAccessException || cause instanceof TransactionException) {
        return true;
      }
    }
    return false;
  }
}
