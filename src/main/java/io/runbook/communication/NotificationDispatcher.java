package io.runbook.communication;

import io.runbook.system.BackgroundWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends notifications as soon as the transaction that asked for them commits, and records many
 * sends in one transaction.
 *
 * <p>Why: a notification used to be an {@code incident-notification} process whose sending step is
 * a job, so every page cost a process start and end plus two transactions of the job executor
 * (acquisition and execution). With the database writing every commit through to disk that was
 * more than the whole rest of a new incident. Now the transaction that asks for a message only adds
 * a row to the {@link NotificationOutbox}; a sender thread sends it right after that commit and
 * marks the sent ones delivered, many to a transaction.
 *
 * <p>A message that cannot be sent at once (SMTP server or webhook down, no address) is handed over
 * to an {@code incident-notification} process at once: its job retries with back-off and, when the
 * retries are exhausted, becomes a Camunda incident and a task for the Incident Commander, as before.
 * A message that was never tried (the queue was full, the application stopped or crashed) is handed
 * over by the sweep once it is older than the grace period ({@code runbook.notify.dispatch.grace}).
 * Delivery and hand-over are conditional updates of the row, so a message goes one way only. The
 * dispatcher leaves a message that waited in its queue for half the grace period to the sweep, so
 * the two do not both send it; a message is sent twice only when the application dies between
 * sending it and recording that (the same at-least-once as a job), or when one send hangs for more
 * than half the grace period.
 *
 * <p>A {@link BackgroundWorker} in {@link BackgroundWorker#PHASE_AFTER_WRITERS}: it stops after the web
 * server and the alert writers. Several nodes: a row is claimed in the database by the node whose
 * transaction wrote it, until the grace period ends ({@link NotificationOutbox}); each node sends
 * only what its own transactions queued; every node sweeps the rows whose claim expired, and the
 * hand-over is a conditional update of the row, so one node wins. A node that dies between sending
 * and recording the delivery leaves the row to the sweep: that message is sent twice (at least once,
 * never lost). The claim's end is written with the writing node's clock and compared with the
 * sweeping node's, so the nodes' clocks must agree to well within half the grace period.
 */
@Component
public class NotificationDispatcher extends BackgroundWorker {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final int QUEUE_CAPACITY = 20_000;
  private static final int MAX_GROUP = 100;
  private static final int SWEEP_BATCH = 200;

  /**
   * {@code queuedAt}: {@link System#nanoTime()}; {@code requestedAt}: when the row was written (its
   * claim runs from then for the grace period), null when sent by hand ({@link #sendWaiting}).
   */
  private record Queued(long id, Channel channel, List<String> to, String subject, String body, long queuedAt,
      Instant requestedAt) {}

  private final NotifyProperties.Dispatch settings;
  private final EmailChannel email;
  private final ChatWebhookChannel chat;
  private final TeamsWebhookChannel teams;
  private final NotificationOutbox outbox;
  private final NotificationHandOver handOver;
  private final TransactionTemplate transaction;
  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);

  public NotificationDispatcher(NotifyProperties properties, EmailChannel email, ChatWebhookChannel chat,
      TeamsWebhookChannel teams, NotificationOutbox outbox, NotificationHandOver handOver,
      PlatformTransactionManager transactions) {
    super("Notification dispatcher", PHASE_AFTER_WRITERS, Duration.ofSeconds(10));
    this.settings = properties.dispatch();
    this.email = email;
    this.chat = chat;
    this.teams = teams;
    this.outbox = outbox;
    this.handOver = handOver;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Called in the transaction that wrote the row: the message is queued once that transaction
   * commits (never when it rolls back). Not queued, it is handed over by the sweep.
   */
  void sendAfterCommit(long id, Channel channel, List<String> to, String subject, String body, Instant requestedAt) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        // Without sender threads (process tests) the row waits for sendWaiting().
        if (isRunning() && settings.enabled() && !queue.offer(new Queued(id, channel, to, subject, body, System.nanoTime(), requestedAt))) {
          LOG.debug("Notification queue full; notification {} is handed to its process by the sweep", id);
        }
      }
    });
  }

  /** One group of queued messages; a failure leaves the rows open and the sweep hands them to their processes. */
  private void send() throws InterruptedException {
    Queued first = queue.poll(500, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    List<Queued> group = new ArrayList<>();
    group.add(first);
    queue.drainTo(group, MAX_GROUP - 1);
    sendGroup(group);
  }

  /**
   * Sends the group and records the deliveries, so that each delivery is recorded while this node's
   * claim on the row holds (the grace period from the row's request): a message that waited half
   * of it is left to the sweep, and the deliveries are recorded every quarter of it during a long
   * group, not only at its end.
   */
  private void sendGroup(List<Queued> group) {
    List<Long> sent = new ArrayList<>(group.size());
    List<Long> failed = new ArrayList<>();
    long tooOld = settings.grace().toNanos() / 2;
    long recordEvery = settings.grace().toNanos() / 4;
    long firstUnrecorded = 0;
    for (Queued message : group) {
      if (System.nanoTime() - message.queuedAt() > tooOld || (message.requestedAt() != null
          && ClockUtil.getCurrentTime().toInstant().isAfter(message.requestedAt().plus(settings.grace().dividedBy(2))))) {
        // Half its claim is gone: the sweep hands it to its process; sending it here too could send it twice.
        continue;
      }
      if (!sent.isEmpty() && System.nanoTime() - firstUnrecorded > recordEvery) {
        recordDelivered(sent);
        sent = new ArrayList<>();
      }
      try {
        switch (message.channel()) {
          case EMAIL -> email.send(message.to(), message.subject(), message.body());
          case CHAT -> chat.send(message.to(), message.subject(), message.body());
          case TEAMS -> teams.send(message.to(), message.subject(), message.body());
          case NONE -> throw new IllegalStateException("nobody can be reached");
        }
        if (sent.isEmpty()) {
          firstUnrecorded = System.nanoTime();
        }
        sent.add(message.id());
      } catch (RuntimeException notSent) {
        LOG.info("Could not send notification {} by {} ({}); its process retries it", message.id(),
            message.channel().id(), notSent.toString());
        failed.add(message.id());
      }
    }
    if (!sent.isEmpty()) {
      recordDelivered(sent);
    }
    failed.forEach(this::handOverQuietly);
  }

  private void recordDelivered(List<Long> sent) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    transaction.executeWithoutResult(status -> outbox.delivered(sent, now));
  }

  /**
   * Sends the incident's open messages now, as a sender thread does: delivered, or handed over to
   * their process. For process tests, which run without the sender threads
   * ({@code runbook.notify.dispatch.enabled=false}) so nothing happens behind their back.
   */
  int sendWaiting(String incidentId) {
    List<Queued> group = new ArrayList<>();
    for (NotificationOutbox.Row row : outbox.forIncident(incidentId, SWEEP_BATCH)) {
      if (row.deliveredAt() == null && row.processInstanceId() == null) {
        group.add(new Queued(row.id(), row.channel(), row.recipients(), row.subject(), row.body(), System.nanoTime(), null));
      }
    }
    if (!group.isEmpty()) {
      sendGroup(group);
    }
    return group.size();
  }

  /**
   * Hands over the rows whose claim expired unsent (the grace period): queue full, or the node that
   * wrote them stopped or died.
   */
  int sweep() {
    int handed = 0;
    for (NotificationOutbox.Row row : outbox.waiting(ClockUtil.getCurrentTime().toInstant(), SWEEP_BATCH)) {
      if (handOverQuietly(row.id())) {
        LOG.info("Notification {} (written on node {}) was not sent within its claim; handed to its process",
            row.id(), row.claimedBy());
        handed++;
      }
    }
    return handed;
  }

  private boolean handOverQuietly(long id) {
    try {
      return handOver.toProcess(id);
    } catch (RuntimeException e) {
      LOG.warn("Notification {} could not be handed to its process yet: {}", id, e.toString());
      return false;
    }
  }

  private void sweepPass() {
    if (pause(Math.max(1000, settings.grace().toMillis() / 2))) {
      sweep();
    }
  }

  @Override
  protected void onStart() {
    if (!settings.enabled()) {
      return;
    }
    for (int i = 0; i < settings.threads(); i++) {
      loop("runbook-notification-sender-" + i, this::send);
    }
    loop("runbook-notification-sweep", this::sweepPass);
  }

  /** Messages still queued stay open rows; the sweep (of this or another node) hands them over. */
  @Override
  protected void onStopped() {
    queue.clear();
  }
}
