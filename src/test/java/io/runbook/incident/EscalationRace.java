package io.runbook.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two throws of an escalation in two real, overlapping transactions, as two nodes (or two people in
 * the same second) would make them, made to overlap deterministically: the first throws in its
 * transaction (the engine's command ends, so its writes are flushed to the database but not
 * committed) and waits; the second then throws in its own transaction; the first commits only once
 * the second has finished or waits on a row lock of the first (the database's own view of lock waits:
 * H2's {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID}, PostgreSQL's {@code pg_stat_activity}; a thread
 * waiting on PostgreSQL's socket is RUNNABLE, so the thread state would not tell). Reads do not wait on
 * either database, so a second transaction that waits has already read the guard variable as it was
 * before the first committed: both decided "not started yet". No sleeps.
 */
public final class EscalationRace {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final ProcessEngine engine;
  private final TransactionTemplate transaction;
  private final JdbcTemplate jdbc;
  private final boolean postgres;

  public EscalationRace(ProcessEngine engine, PlatformTransactionManager transactions, JdbcTemplate jdbc) {
    this.engine = engine;
    this.transaction = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
    this.postgres = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName())
        .toLowerCase().contains("postgres");
  }

  /** What happened to the second throw: its failure (null if it committed) and the statements it waited on. */
  record Outcome(String processInstanceId, Throwable loser, List<String> waitedOn, boolean postgres) {

    /**
     * The second throw waited on a row the first had written and failed with a conflict on it. Both
     * transactions must write two rows of the incident: the guard's variable ({@code guardVariables},
     * inserted by the first throw ever, unique per scope and name) and the process instance's execution
     * row (Camunda forces an update of it, checked against its revision, whenever a child execution is
     * added: triggering the non-interrupting event subprocess adds one). The engine flushes inserts
     * before updates, so today the second waits on the variable; either row settles it.
     */
    void assertLoserConflictedOn(String... guardVariables) {
      System.out.println("[EscalationRace] second throw waited on: " + waitedOn);
      System.out.println("[EscalationRace] second throw failed with: " + loser);
      assertThat(waitedOn).as("the second transaction waited on a row the first had written").isNotEmpty();
      if (!postgres) {
        // H2 shows the statement with its parameters: the guard variable's name, or the process instance's id.
        assertThat(waitedOn).as("a guard variable %s or the process instance's row", Arrays.toString(guardVariables))
            .anyMatch(statement -> statement.contains("'" + processInstanceId + "'")
                || Arrays.stream(guardVariables).anyMatch(name -> statement.contains("'" + name + "'")));
      }
      assertThat(loser).as("the second throw fails as a conflict, rolled back whole").isInstanceOf(OptimisticLockingException.class);
      assertThat(loser.getMessage())
          .matches("ENGINE-03005 Execution of '(INSERT VariableInstanceEntity\\[.*|UPDATE ExecutionEntity\\["
              + processInstanceId + ")\\]' failed\\. Entity was updated by another transaction concurrently\\.");
    }
  }

  /** The escalation thrown once, in its own transaction. */
  void throwOnce(String processInstanceId, String throwingActivity) {
    transaction.executeWithoutResult(status -> throwEscalation(processInstanceId, throwingActivity));
  }

  Outcome twoThrowsAtOnce(String processInstanceId, String throwingActivity) {
    CountDownLatch firstFlushed = new CountDownLatch(1);
    CountDownLatch firstMayCommit = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = threads.submit(() -> transaction.executeWithoutResult(status -> {
        throwEscalation(processInstanceId, throwingActivity);
        firstFlushed.countDown();
        awaitQuietly(firstMayCommit);
      }));
      await().atMost(PATIENCE).until(() -> firstFlushed.getCount() == 0 || first.isDone());
      if (first.isDone()) {
        get(first); // throws what the first throw failed with
      }

      AtomicReference<Thread> secondThread = new AtomicReference<>();
      Future<?> second = threads.submit(() -> {
        secondThread.set(Thread.currentThread());
        throwOnce(processInstanceId, throwingActivity);
      });
      AtomicReference<List<String>> waits = new AtomicReference<>(List.of());
      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
        waits.set(lockWaits(secondThread.get()));
        return !waits.get().isEmpty() || second.isDone();
      });

      firstMayCommit.countDown();
      get(first);
      try {
        get(second);
        return new Outcome(processInstanceId, null, waits.get(), postgres);
      } catch (ExecutionException e) {
        return new Outcome(processInstanceId, e.getCause(), waits.get(), postgres);
      }
    } catch (ExecutionException e) {
      throw new AssertionError("the first throw failed", e.getCause());
    } finally {
      firstMayCommit.countDown();
      threads.shutdown();
    }
  }

  private void throwEscalation(String processInstanceId, String throwingActivity) {
    engine.getRuntimeService().createProcessInstanceModification(processInstanceId)
        .startBeforeActivity(throwingActivity).execute();
  }

  /**
   * The statements of the second transaction that wait on the first one's lock. PostgreSQL names them
   * in {@code pg_stat_activity}. H2 (in this JVM) does not report such a wait as blocked: its insert
   * of a key that another open transaction inserted retries, RUNNABLE, until that transaction ends or
   * {@code LOCK_TIMEOUT} passes. There the sign is the second transaction's session executing its
   * write of a variable or an execution: the engine writes only when its command ends, so by then the
   * guard has decided.
   */
  private List<String> lockWaits(Thread second) {
    if (postgres) {
      return jdbc.queryForList(
          "select query from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() "
              + "and pid <> pg_backend_pid()", String.class);
    }
    if (second == null || Arrays.stream(second.getStackTrace()).noneMatch(frame -> frame.getClassName().startsWith("org.h2."))) {
      return List.of();
    }
    return jdbc.queryForList("select executing_statement from information_schema.sessions "
        + "where executing_statement is not null and session_id <> session_id()", String.class).stream()
        .map(statement -> statement.strip().replaceAll("\\s+", " "))
        .filter(statement -> statement.toUpperCase().startsWith("INSERT INTO ACT_RU_VARIABLE")
            || statement.toUpperCase().startsWith("UPDATE ACT_RU_EXECUTION"))
        .toList();
  }

  private static void get(Future<?> future) throws ExecutionException {
    try {
      future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("a throw did not finish within " + PATIENCE, e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the second throw never finished nor waited on a lock");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
