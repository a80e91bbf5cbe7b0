package io.runbook.incident;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out human-readable incident ids such as {@code INC-2026-0042}: one counter per year, kept
 * in the database so ids stay unique across restarts and concurrent starts. The number is taken
 * inside the caller's transaction, so a start that rolls back gives its number back.
 */
@Component
public class IncidentIdAllocator {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate separateTransaction;
  private final Clock clock;

  public IncidentIdAllocator(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = jdbc;
    this.separateTransaction = new TransactionTemplate(transactions);
    this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  public String next() {
    int year = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC).getYear();
    ensureCounterRow(year);
    // The row lock taken by this update serialises concurrent starts until they commit.
    jdbc.update("UPDATE rb_incident_counter SET last_number = last_number + 1 WHERE counter_year = ?", year);
    Long number =
        jdbc.queryForObject("SELECT last_number FROM rb_incident_counter WHERE counter_year = ?", Long.class, year);
    return String.format("INC-%d-%04d", year, number);
  }

  /** The first incident of a year creates its row; done apart so a lost insert race costs nothing. */
  private void ensureCounterRow(int year) {
    Integer rows =
        jdbc.queryForObject("SELECT COUNT(*) FROM rb_incident_counter WHERE counter_year = ?", Integer.class, year);
    if (rows != null && rows > 0) {
      return;
    }
    try {
      separateTransaction.executeWithoutResult(
          status -> jdbc.update("INSERT INTO rb_incident_counter (counter_year, last_number) VALUES (?, 0)", year));
    } catch (DuplicateKeyException alreadyCreated) {
      // Another start created it first: fine.
    }
  }
}
