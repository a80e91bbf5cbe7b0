package io.runbook.detection;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds how many ingestion requests work on the database at once. A request waits at most
 * {@code runbook.ingest.busy-wait} for a slot and is otherwise refused with 503 and
 * {@code Retry-After} (a status Alertmanager and PagerDuty clients retry), instead of queueing
 * without bound. Once a request has a slot it is carried through: it is answered 2xx only after its
 * alert is committed.
 */
@Component
public class IngestThrottle {

  private final Semaphore slots;
  private final long waitMillis;
  private final int retryAfterSeconds;

  public IngestThrottle(IngestProperties properties) {
    this.slots = new Semaphore(properties.maxConcurrentRequests(), true);
    this.waitMillis = properties.busyWait().toMillis();
    this.retryAfterSeconds = properties.retryAfterSeconds();
  }

  public <T> T run(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new IngestBusyException("too many alerts in flight; retry in " + retryAfterSeconds + " s",
          retryAfterSeconds, null);
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** For tests: the semaphore itself, to occupy every slot. */
  Semaphore slots() {
    return slots;
  }
}
