package io.runbook.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.runbook.incident.IncidentIdAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: alert requests in flight at the same time are recorded in one transaction by one
 * writer thread (attached to their open incidents, or opening new ones with the start of their
 * processes), and each request is answered after that commit. With the database writing every
 * commit through to disk ({@code WRITE_DELAY=0}, and H2 writes one commit at a time), the commit is
 * most of an alert's cost; sharing it is what lets an alert storm be absorbed.
 *
 * <p>When the shared transaction fails, every request in it is handed back and recorded on its own,
 * so one bad request cannot fail the others. Nothing is answered before it is committed.
 */
@Component
public class AlertWriter implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(AlertWriter.class);
  private static final int MAX_GROUP = 32;

  private record Request(AlertBatch batch, String hash, CompletableFuture<AlertRecorder.Outcome> done) {}

  private final AlertRecorder recorder;
  private final IncidentIdAllocator ids;
  private final IncidentEngineSync sync;
  private final TransactionTemplate transaction;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread writer;

  public AlertWriter(AlertRecorder recorder, IncidentIdAllocator ids, IncidentEngineSync sync,
      PlatformTransactionManager transactions) {
    this.recorder = recorder;
    this.ids = ids;
    this.sync = sync;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Records the batch and returns once committed; null when the caller has to record it itself
   * (the shared transaction failed, or the writer is stopped).
   */
  IngestResult tryRecord(AlertBatch batch) {
    if (!running) {
      return null;
    }
    Request request = new Request(batch, AlertRecorder.dedupHash(batch), new CompletableFuture<>());
    queue.add(request);
    try {
      AlertRecorder.Outcome outcome = request.done().get(60, TimeUnit.SECONDS);
      return outcome == null ? null : outcome.result();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IngestBusyException("interrupted while recording the alert", 1, interrupted);
    } catch (ExecutionException | TimeoutException failed) {
      throw new IngestBusyException("the alert could not be recorded in time; retry", 1, failed);
    }
  }

  private void loop() {
    List<Request> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      group.clear();
      try {
        Request first = queue.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        write(group);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        group.forEach(r -> r.done().complete(null));
        return;
      } catch (Throwable unexpected) {
        LOG.warn("Alert group commit failed unexpectedly; its requests are recorded one by one", unexpected);
        group.forEach(r -> r.done().complete(null));
      }
    }
  }

  private void write(List<Request> group) {
    // A consistent lock order on the dedup keys' rows.
    group.sort(Comparator.comparing(Request::hash));
    List<AlertRecorder.Outcome> outcomes;
    try {
      outcomes = transaction.execute(status -> {
        List<AlertRecorder.Outcome> results = new ArrayList<>(group.size());
        for (Request request : group) {
          results.add(recorder.record(request.batch(), ids::next));
        }
        return results;
      });
    } catch (RuntimeException failed) {
      LOG.debug("Alert group of {} failed; recording one by one: {}", group.size(), failed.toString());
      group.forEach(r -> r.done().complete(null));
      return;
    }
    boolean pending = false;
    for (int i = 0; i < group.size(); i++) {
      AlertRecorder.Outcome outcome = outcomes.get(i);
      pending |= outcome != null && outcome.engineWorkPending();
      group.get(i).done().complete(outcome);
    }
    if (pending) {
      sync.wake();
    }
  }

  @Override
  public void start() {
    running = true;
    writer = new Thread(this::loop, "runbook-alert-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void stop() {
    running = false;
    if (writer != null) {
      try {
        writer.join(5000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    queue.forEach(r -> r.done().complete(null));
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts before and stops after the web server (a lower phase stops later): requests in flight are answered. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
