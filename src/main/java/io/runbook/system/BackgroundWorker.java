package io.runbook.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one pattern for Runbook's own background threads: a Spring {@link SmartLifecycle} bean that
 * starts its threads in {@link #start()} and stops them in {@link #stop()}, nothing in
 * {@code @PostConstruct}/{@code @PreDestroy} or on application events.
 *
 * <p>What it gives a worker:
 * <ul>
 *   <li>Lifecycle: {@code start()} runs once the context is refreshed, so after the process engine,
 *       the datasource and every other bean exist; {@code stop()} runs before any bean is destroyed,
 *       so the datasource is still open while a worker finishes its last pass. The phase orders the
 *       workers against the web server ({@link #PHASE_BEFORE_WEB_SERVER} starts before and stops
 *       after it, so requests in flight are answered).</li>
 *   <li>Threads: named ({@code runbook-...}), daemon (a worker never keeps the JVM alive when the
 *       context is not closed), with an uncaught-exception handler that logs.</li>
 *   <li>Loops ({@link #loop}): a pass that throws is logged and retried after a back-off
 *       (0.5 s doubling to 30 s, reset by the next good pass); the thread never dies of it.</li>
 *   <li>Stop: bounded. Waiting threads are woken ({@link #pause} returns early, {@link #onStopping}
 *       wakes the worker's own waits), then all threads get {@code stopTimeout} together; those
 *       still running are interrupted. Schedulers are shut down the same way.</li>
 * </ul>
 *
 * <p>Node-safe: nothing here is shared beyond this JVM (no static state, no "only one instance runs"
 * assumption, no leader election). Every node of a cluster runs every worker; a worker must make its
 * database effects safe against the same worker on another node (conditional updates, row locks,
 * watermarks moved in the same transaction) and say so in its Javadoc.
 */
public abstract class BackgroundWorker implements SmartLifecycle {

  /** Starts before and stops after the web server (which stops at {@code DEFAULT_PHASE - 2048}). */
  public static final int PHASE_BEFORE_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 4096;
  /** Stops after {@link #PHASE_BEFORE_WEB_SERVER} workers, whose last commits may still hand it work. */
  public static final int PHASE_AFTER_WRITERS = SmartLifecycle.DEFAULT_PHASE - 8192;
  /** Starts after and stops before the web server. */
  public static final int PHASE_AFTER_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE;

  static final long FIRST_BACK_OFF_MILLIS = 500;
  static final long MAX_BACK_OFF_MILLIS = 30_000;

  /** One pass of a loop; it may block (waiting for work) and is interrupted only by a late stop. */
  @FunctionalInterface
  protected interface Pass {
    void run() throws InterruptedException;
  }

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final int phase;
  private final Duration stopTimeout;
  private final Object pauses = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private final List<ScheduledThreadPoolExecutor> schedulers = new ArrayList<>();
  private volatile boolean running;

  /**
   * @param name what the logs call it
   * @param phase one of the {@code PHASE_*} constants
   * @param stopTimeout how long {@link #stop()} waits for all its threads together
   */
  protected BackgroundWorker(String name, int phase, Duration stopTimeout) {
    this.name = name;
    this.phase = phase;
    this.stopTimeout = stopTimeout;
  }

  /** Starts the worker's threads ({@link #loop}, {@link #scheduler}); {@link #isRunning()} is already true. */
  protected abstract void onStart();

  /** After {@link #isRunning()} turned false, before waiting for the threads: wake the worker's own waits. */
  protected void onStopping() {}

  /** After the threads ended (or the stop timeout passed): release what is left, such as queued requests. */
  protected void onStopped() {}

  @Override
  public final void start() {
    synchronized (threads) {
      if (running) {
        return;
      }
      running = true;
      onStart();
    }
  }

  @Override
  public final void stop() {
    synchronized (threads) {
      if (!running) {
        return;
      }
      running = false;
      onStopping();
      synchronized (pauses) {
        pauses.notifyAll();
      }
      long deadline = System.nanoTime() + stopTimeout.toNanos();
      schedulers.forEach(ScheduledThreadPoolExecutor::shutdownNow);
      try {
        for (Thread thread : threads) {
          thread.join(Math.max(1, remainingMillis(deadline)));
        }
        for (ScheduledThreadPoolExecutor scheduler : schedulers) {
          scheduler.awaitTermination(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      for (Thread thread : threads) {
        if (thread.isAlive()) {
          log.warn("{}: thread {} did not stop within {}; interrupting it", name, thread.getName(), stopTimeout);
          thread.interrupt();
        }
      }
      threads.clear();
      schedulers.clear();
      onStopped();
      log.debug("{} stopped", name);
    }
  }

  private static long remainingMillis(long deadline) {
    return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }

  @Override
  public final boolean isRunning() {
    return running;
  }

  @Override
  public final int getPhase() {
    return phase;
  }

  /** Runs {@code pass} over and over on a new thread while the worker runs. */
  protected final void loop(String threadName, Pass pass) {
    loop(threadName, this::isRunning, pass);
  }

  /**
   * Runs {@code pass} on a new thread while {@code condition} holds (for a worker that drains its
   * queue after the stop). A pass that throws is logged and retried after a back-off; an
   * interrupt ends the loop.
   */
  protected final void loop(String threadName, BooleanSupplier condition, Pass pass) {
    Thread thread = newThread(threadName, () -> {
      long backOff = FIRST_BACK_OFF_MILLIS;
      while (condition.getAsBoolean()) {
        try {
          pass.run();
          backOff = FIRST_BACK_OFF_MILLIS;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        } catch (Throwable failed) {
          log.warn("{}: a pass failed; retrying in {} ms", name, backOff, failed);
          if (!pause(backOff)) {
            return;
          }
          backOff = Math.min(MAX_BACK_OFF_MILLIS, backOff * 2);
        }
      }
    });
    threads.add(thread);
    thread.start();
  }

  /** A single-threaded scheduler whose thread is named {@code threadName}; shut down by {@link #stop()}. */
  protected final ScheduledThreadPoolExecutor scheduler(String threadName) {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threadFactory(threadName));
    scheduler.setRemoveOnCancelPolicy(true);
    schedulers.add(scheduler);
    return scheduler;
  }

  /**
   * Waits {@code millis} or until the worker stops; true when it still runs. For a loop's own pacing
   * (a sweep every so often) so that a stop never waits for the interval.
   */
  protected final boolean pause(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (pauses) {
      long left;
      while (running && (left = remainingMillis(deadline)) > 0) {
        try {
          pauses.wait(left);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return running;
  }

  private ThreadFactory threadFactory(String threadName) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> newThread(count.getAndIncrement() == 0 ? threadName : threadName + "-" + count.get(), runnable);
  }

  private Thread newThread(String threadName, Runnable work) {
    Thread thread = new Thread(work, threadName);
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> log.error("{}: thread {} died", name, t.getName(), e));
    return thread;
  }
}
