package io.runbook.escalation;

import io.runbook.system.BackgroundWorker;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.history.JobState;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Fires timers on time without polling the database often: the job executor is woken at each
 * timer's due time instead of finding it on its next poll.
 *
 * <p>Camunda's job executor only learns about due jobs by polling; with its defaults an idle
 * executor polls every 5 s backing off to every 60 s, so a timer fires up to a minute late. Polling
 * every few hundred milliseconds fixes the lateness but queries the database all day long. Here the
 * engine reports every job it creates (the job log of the history) and, after the transaction
 * commits, a due time in the future is put on a scheduler that calls the job executor's
 * {@code jobWasAdded()} at that instant: the executor acquires the timer within milliseconds. The
 * executor's own polling ({@code camunda.bpm.job-execution.*}) stays as the safety net for timers
 * created elsewhere; timers already in the database are rescanned every few minutes.
 *
 * <p>A {@link BackgroundWorker} (its scheduler thread is {@code timer-wake-up}) and a process engine
 * plugin, so it implements {@link ProcessEnginePlugin} rather than extending
 * {@code AbstractProcessEnginePlugin}. Several nodes: it only wakes the job executor of its own node,
 * and only for timers created on this node or found by its rescan; every node's rescan finds every
 * timer, and job acquisition (optimistic locking of the job row) lets one node's executor run it.
 * A timer created on another node wakes this node's executor only through the rescan or polling.
 */
@Component
public class TimerWakeUp extends BackgroundWorker implements ProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(TimerWakeUp.class);
  /** Acquire a hair after the due time so the database's clock comparison sees the timer as due. */
  private static final long MARGIN_MILLIS = 5;

  private final TimerWakeUpProperties properties;
  private final boolean jobExecutionEnabled;
  private final ObjectProvider<JobExecutor> jobExecutor;
  private final ObjectProvider<ManagementService> management;
  /** Null while stopped. */
  private volatile ScheduledThreadPoolExecutor scheduler;
  /** Started, and waking the executor is wanted and possible here. */
  private volatile boolean running;

  public TimerWakeUp(
      TimerWakeUpProperties properties,
      CamundaBpmProperties camunda,
      ObjectProvider<JobExecutor> jobExecutor,
      ObjectProvider<ManagementService> management) {
    super("Timer wake-up", PHASE_AFTER_WEB_SERVER, Duration.ofSeconds(5));
    this.properties = properties;
    this.jobExecutionEnabled = camunda.getJobExecution().isEnabled();
    this.jobExecutor = jobExecutor;
    this.management = management;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (properties.wakeUp()) {
      configuration.getCustomHistoryEventHandlers().add(jobCreated);
    }
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {}

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {}

  /**
   * Every job the engine creates passes here (the job log of the history). Retries of failed jobs
   * are left to polling: their failure is logged before the back-off sets the new due date.
   */
  private final HistoryEventHandler jobCreated = new HistoryEventHandler() {
    @Override
    public void handleEvent(HistoryEvent event) {
      if (running && event instanceof HistoricJobLogEvent job && job.getJobDueDate() != null
          && job.getState() == JobState.CREATED.getStateCode()) {
        wakeUpAfterCommit(job.getJobDueDate());
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      events.forEach(this::handleEvent);
    }
  };

  private void wakeUpAfterCommit(Date due) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          wakeUpAt(due);
        }
      });
    } else {
      wakeUpAt(due);
    }
  }

  /** Wakes the job executor at {@code due} (at once when it is due already), if within the horizon. */
  void wakeUpAt(Date due) {
    long delay = due.getTime() - System.currentTimeMillis() + MARGIN_MILLIS;
    if (!running || delay <= MARGIN_MILLIS || delay > properties.horizon().toMillis()) {
      // Due now: the engine hinted the executor itself. Beyond the horizon: a later rescan schedules it.
      return;
    }
    ScheduledThreadPoolExecutor scheduler = this.scheduler;
    if (scheduler == null) {
      return;
    }
    try {
      scheduler.schedule(this::wakeUpNow, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // The application is stopping; nothing left to wake.
    }
  }

  private void wakeUpNow() {
    JobExecutor executor = jobExecutor.getIfAvailable();
    if (executor != null) {
      executor.jobWasAdded();
    }
  }

  /** Schedules the timers already in the database that fall due within the horizon. */
  void rescan() {
    try {
      Date now = new Date();
      Date until = new Date(now.getTime() + properties.horizon().toMillis());
      int first = 0;
      List<Job> page;
      do {
        page = management.getObject().createJobQuery().timers().duedateHigherThan(now).duedateLowerThan(until)
            .orderByJobDuedate().asc().listPage(first, 500);
        page.forEach(job -> wakeUpAt(job.getDuedate()));
        first += page.size();
      } while (page.size() == 500);
    } catch (RuntimeException failed) {
      LOG.warn("Could not rescan timers; the job executor's polling still fires them: {}", failed.getMessage());
    }
  }

  // Lifecycle: only when the job executor runs in this application.

  @Override
  protected void onStart() {
    // The starter starts the job executor itself once the application is ready; wake-ups before that are harmless.
    if (!properties.wakeUp() || !jobExecutionEnabled) {
      return;
    }
    ScheduledThreadPoolExecutor started = scheduler("timer-wake-up");
    scheduler = started;
    running = true;
    long every = properties.rescanEvery().toMillis();
    started.scheduleWithFixedDelay(this::rescan, 0, every, TimeUnit.MILLISECONDS);
    LOG.info("Timers wake the job executor at their due time (horizon {}, rescan every {})",
        properties.horizon(), properties.rescanEvery());
  }

  @Override
  protected void onStopping() {
    running = false;
  }

  @Override
  protected void onStopped() {
    scheduler = null;
  }

  /** Visible for the benchmark and tests. */
  public int scheduledWakeUps() {
    ScheduledThreadPoolExecutor current = scheduler;
    return current == null ? 0 : current.getQueue().size();
  }
}
