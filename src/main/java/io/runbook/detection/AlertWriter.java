package io.runbook.detection;

import io.runbook.incident.IncidentIdAllocator;
import io.runbook.system.BackgroundWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: alert requests in flight at the same time are recorded together in one transaction
 * by a writer thread (attached to their open incidents, or opening new ones with the start of their
 * processes), and each request is answered after that commit. With the database writing every
 * commit through to disk ({@code WRITE_DELAY=0}, and H2 writes one commit at a time), the commit is
 * most of an alert's cost; sharing it is what lets an alert storm be absorbed.
 *
 * <p>One writer attaches alerts to open incidents (the bulk of a storm, in large groups); batches that
 * open an incident go on to one of the opening writers (one per core), a dedup key always to the
 * same one, so writers never race for a key. When a shared transaction fails, every request in it is
 * handed back and recorded on its own, so one bad request cannot fail the others. Nothing is
 * answered before it is committed.
 *
 * <p>A {@link BackgroundWorker} in {@link BackgroundWorker#PHASE_BEFORE_WEB_SERVER}: it starts before
 * and stops after the web server, and after a stop the writers finish what is queued. Several nodes:
 * "a dedup key always to the same writer" holds only within a node; two nodes may race for the same
 * key; the primary key of {@code rb_open_dedup_key} settles it (the loser's shared transaction
 * fails, its requests are recorded again one by one and find the incident the other node opened).
 */
@Component
public class AlertWriter extends BackgroundWorker {

  private static final Logger LOG = LoggerFactory.getLogger(AlertWriter.class);
  private static final int MAX_GROUP = 32;
  /** Answer of the attaching writer for a batch that opens an incident. */
  private static final AlertRecorder.Outcome OPENS = new AlertRecorder.Outcome(null, AlertRecorder.Sync.NOTHING);

  private record Request(AlertBatch batch, String hash, CompletableFuture<AlertRecorder.Outcome> done) {}

  private final AlertRecorder recorder;
  private final IncidentIdAllocator ids;
  private final IncidentEngineSync sync;
  private final TransactionTemplate transaction;
  private final LinkedBlockingQueue<Request> attaching = new LinkedBlockingQueue<>();
  private final List<LinkedBlockingQueue<Request>> opening = new ArrayList<>();

  public AlertWriter(AlertRecorder recorder, IncidentIdAllocator ids, IncidentEngineSync sync,
      PlatformTransactionManager transactions) {
    super("Alert writer", PHASE_BEFORE_WEB_SERVER, Duration.ofSeconds(10));
    this.recorder = recorder;
    this.ids = ids;
    this.sync = sync;
    this.transaction = new TransactionTemplate(transactions);
    // Opening an incident starts its process: CPU work worth spreading over the cores.
    int count = Math.max(2, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < count; i++) {
      opening.add(new LinkedBlockingQueue<>());
    }
  }

  /**
   * Records the batch and returns once committed; null when the caller has to record it itself
   * (a shared transaction failed, or the writer is stopped).
   */
  IngestResult tryRecord(AlertBatch batch) {
    if (!isRunning()) {
      return null;
    }
    String hash = AlertRecorder.dedupHash(batch);
    AlertRecorder.Outcome outcome = await(attaching, new Request(batch, hash, new CompletableFuture<>()));
    if (outcome == OPENS) {
      // The same dedup key always goes to the same opening writer: keys never race between writers.
      outcome = await(opening.get(Math.floorMod(hash.hashCode(), opening.size())),
          new Request(batch, hash, new CompletableFuture<>()));
    }
    return outcome == null ? null : outcome.result();
  }

  private static AlertRecorder.Outcome await(LinkedBlockingQueue<Request> queue, Request request) {
    queue.add(request);
    try {
      return request.done().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IngestBusyException("interrupted while recording the alert", 1, interrupted);
    } catch (ExecutionException | TimeoutException failed) {
      throw new IngestBusyException("the alert could not be recorded in time; retry", 1, failed);
    }
  }

  private interface GroupWriter {
    void write(List<Request> group);
  }

  /** One group: what is queued now, up to {@link #MAX_GROUP}, in one transaction. */
  private void pass(LinkedBlockingQueue<Request> queue, GroupWriter writer) throws InterruptedException {
    Request first = queue.poll(500, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    List<Request> group = new ArrayList<>();
    group.add(first);
    queue.drainTo(group, MAX_GROUP - 1);
    // A consistent lock order on the dedup keys' rows.
    group.sort(Comparator.comparing(Request::hash));
    try {
      writer.write(group);
    } catch (Throwable unexpected) {
      LOG.warn("Alert group commit failed unexpectedly; its requests are recorded one by one", unexpected);
      group.forEach(r -> r.done().complete(null));
    }
  }

  /** Alerts for open incidents, and resolves/acknowledges that open nothing: one shared commit. */
  private void attach(List<Request> group) {
    List<AlertRecorder.Outcome> outcomes = inOneTransaction(group, request -> {
      AlertRecorder.Outcome outcome = recorder.recordWithoutOpening(request.batch());
      return outcome == null ? OPENS : outcome;
    });
    if (outcomes != null) {
      complete(group, outcomes);
    }
  }

  /**
   * Batches that open incidents. Their numbers are taken first, in a short transaction of their own:
   * the year's counter row is locked for a moment rather than for the whole group with its process
   * starts, so the opening writers work in parallel. A number is skipped only when the group fails,
   * or when another instance opened the key meanwhile.
   */
  private void open(List<Request> group) {
    Map<String, String> newIds = new HashMap<>();
    Set<String> keys = new LinkedHashSet<>();
    group.forEach(request -> keys.add(request.hash()));
    transaction.executeWithoutResult(status -> keys.forEach(hash -> newIds.put(hash, ids.next())));
    List<String> allocated = List.copyOf(newIds.values());
    List<AlertRecorder.Outcome> outcomes = inOneTransaction(group, request -> recorder.record(request.batch(), () -> {
      String id = newIds.remove(request.hash());
      return id != null ? id : ids.next();
    }));
    if (outcomes == null) {
      skipped(allocated);
      return;
    }
    skipped(newIds.values());
    complete(group, outcomes);
  }

  private interface Recording {
    AlertRecorder.Outcome record(Request request);
  }

  /** The outcomes, or null when the transaction failed (its requests are then handed back). */
  private List<AlertRecorder.Outcome> inOneTransaction(List<Request> group, Recording recording) {
    try {
      return transaction.execute(status -> {
        List<AlertRecorder.Outcome> results = new ArrayList<>(group.size());
        for (Request request : group) {
          results.add(recording.record(request));
        }
        return results;
      });
    } catch (RuntimeException failed) {
      LOG.debug("Alert group of {} failed; recording one by one: {}", group.size(), failed.toString());
      group.forEach(r -> r.done().complete(null));
      return null;
    }
  }

  private void complete(List<Request> group, List<AlertRecorder.Outcome> outcomes) {
    AlertRecorder.Sync needed = AlertRecorder.Sync.NOTHING;
    for (int i = 0; i < group.size(); i++) {
      AlertRecorder.Outcome outcome = outcomes.get(i);
      if (outcome.sync().compareTo(needed) > 0) {
        needed = outcome.sync();
      }
      group.get(i).done().complete(outcome);
    }
    sync.wake(needed);
  }

  private static void skipped(Collection<String> unused) {
    if (!unused.isEmpty()) {
      LOG.info("Incident numbers not used: {}", unused);
    }
  }

  @Override
  protected void onStart() {
    // After a stop the writers finish what is queued: requests in flight are answered.
    startWriter("runbook-alert-writer", attaching, this::attach);
    for (int i = 0; i < opening.size(); i++) {
      startWriter("runbook-incident-opener-" + i, opening.get(i), this::open);
    }
  }

  private void startWriter(String name, LinkedBlockingQueue<Request> queue, GroupWriter writer) {
    loop(name, () -> isRunning() || !queue.isEmpty(), () -> pass(queue, writer));
  }

  /** Whatever the writers did not get to is recorded by its callers one by one. */
  @Override
  protected void onStopped() {
    attaching.forEach(r -> r.done().complete(null));
    opening.forEach(queue -> queue.forEach(r -> r.done().complete(null)));
  }
}
