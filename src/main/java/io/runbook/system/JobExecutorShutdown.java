package io.runbook.system;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of the job executor (docs/database.md, "Stopping a node"): on stop, the node
 * acquires no more jobs, the jobs already running finish, and jobs this node had acquired but not
 * started are unlocked at once (Camunda's own runnable unlocks them once the executor is inactive),
 * so another node takes them on its next acquisition instead of after the lock time.
 *
 * <p>Without this, Spring shut the job threads down with {@code shutdownNow()}: running jobs were
 * interrupted (an action's script killed mid-way) and their rollback left them, and the acquired
 * ones, locked for {@code lock-time-in-millis} (20 minutes, ADR 0004) before any node retried them.
 *
 * <p>Runs in the web server's graceful-shutdown phase, so requests in flight and running jobs get
 * the same {@code spring.lifecycle.timeout-per-shutdown-phase}. A job still running when that is
 * nearly over is interrupted; its transaction rolls back and its lock expires after the lock time.
 */
@Component
public class JobExecutorShutdown implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(JobExecutorShutdown.class);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final ObjectProvider<JobExecutor> jobExecutor;
  private final ObjectProvider<TaskExecutor> jobThreads;
  private final Duration timeout;
  private volatile boolean running;

  public JobExecutorShutdown(ObjectProvider<JobExecutor> jobExecutor,
      @Qualifier("camundaTaskExecutor") ObjectProvider<TaskExecutor> jobThreads,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration timeout) {
    this.jobExecutor = jobExecutor;
    this.jobThreads = jobThreads;
    this.timeout = timeout.compareTo(MARGIN.multipliedBy(2)) > 0 ? timeout.minus(MARGIN) : timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    JobExecutor executor = jobExecutor.getIfAvailable();
    TaskExecutor threads = jobThreads.getIfAvailable();
    if (executor == null || !executor.isActive() || !(threads instanceof ThreadPoolTaskExecutor pool)) {
      callback.run();
      return;
    }
    Thread drain = new Thread(() -> {
      try {
        drain(executor, pool.getThreadPoolExecutor(), timeout);
      } finally {
        callback.run();
      }
    }, "runbook-job-executor-shutdown");
    drain.start();
  }

  /** Stops acquisition, lets running jobs finish for up to {@code timeout}, then interrupts what is left. */
  static void drain(JobExecutor executor, ThreadPoolExecutor threads, Duration timeout) {
    int active = threads.getActiveCount();
    LOG.info("Stopping the job executor: no more jobs are acquired; waiting up to {} s for {} running job(s)",
        timeout.toSeconds(), active);
    executor.shutdown();
    threads.shutdown();
    try {
      if (threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.info("Job executor stopped: running jobs finished, acquired jobs unlocked for other nodes");
        return;
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.warn("{} job(s) still running after {} s are interrupted; they roll back and another node runs them "
        + "once their lock expires (camunda.bpm.job-execution.lock-time-in-millis)", threads.getActiveCount(),
        timeout.toSeconds());
    threads.shutdownNow();
  }

  @Override
  public void stop() {
    stop(() -> { });
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
  }
}
