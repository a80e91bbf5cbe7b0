package io.runbook.detection;

import io.runbook.incident.IncidentIdAllocator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns accepted alerts into incidents and answers only after the alert is committed: in the
 * {@link AlertWriter}'s shared transaction normally, in a transaction of its own when that one
 * failed. Either way, an alert that opens an incident commits together with the incident's registry
 * row, its claim on the dedup key and the start of its process ({@code AlertReceived}); an alert on
 * an open incident is recorded there and the process is told right after by
 * {@link IncidentEngineSync}.
 *
 * <p>One open incident per key: the primary key of {@code rb_open_dedup_key} lets one of two racing
 * transactions claim a key; the other fails on it, rolls back and, retried, finds the incident open
 * and attaches to it.
 */
@Service
public class AlertIngestion {

  private static final Logger LOG = LoggerFactory.getLogger(AlertIngestion.class);
  private static final int MAX_ATTEMPTS = 10;
  /**
   * Requests recording on their own transaction at once. Kept below the connection pool: taking an
   * incident number can need a second connection (the first incident of a year).
   */
  private static final int ALONE = 4;

  private final AlertRecorder recorder;
  private final AlertWriter writer;
  private final IncidentIdAllocator ids;
  private final IngestThrottle throttle;
  private final IncidentEngineSync sync;
  private final TransactionTemplate transaction;
  private final Semaphore alone = new Semaphore(ALONE, true);

  public AlertIngestion(AlertRecorder recorder, AlertWriter writer, IncidentIdAllocator ids, IngestThrottle throttle,
      IncidentEngineSync sync, PlatformTransactionManager transactions) {
    this.recorder = recorder;
    this.writer = writer;
    this.ids = ids;
    this.throttle = throttle;
    this.sync = sync;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** Records the batch; returns once it is committed. */
  public IngestResult ingest(AlertBatch batch) {
    return throttle.run(() -> {
      IngestResult grouped = writer.tryRecord(batch);
      return grouped != null ? grouped : recordAlone(batch);
    });
  }

  /** On a transaction of its own, retried on conflicts. */
  IngestResult recordAlone(AlertBatch batch) {
    try {
      alone.acquire();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IngestBusyException("interrupted while waiting to record the alert", throttle.retryAfterSeconds(), interrupted);
    }
    try {
      return recordWithRetries(batch);
    } finally {
      alone.release();
    }
  }

  private IngestResult recordWithRetries(AlertBatch batch) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        AlertRecorder.Outcome recorded = transaction.execute(status -> recorder.record(batch, ids::next));
        sync.wake(recorded.sync());
        return recorded.result();
      } catch (DuplicateKeyException openedMeanwhile) {
        // Another transaction opened this key's incident first and has committed: the retry attaches.
        last = openedMeanwhile;
      } catch (TransientDataAccessException | OptimisticLockingException conflict) {
        last = conflict;
        pause(attempt);
      }
    }
    LOG.warn("Alert for dedup key '{}' from '{}' not recorded after {} attempts", batch.dedupKey(),
        batch.sender().name(), MAX_ATTEMPTS, last);
    throw new IngestBusyException("the alert could not be recorded because of concurrent changes; retry",
        throttle.retryAfterSeconds(), last);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
