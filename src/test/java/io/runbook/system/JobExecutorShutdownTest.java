package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Stopping a node: the job it is running finishes and commits, the job it had acquired but not
 * started is unlocked at once for another node (not left locked for the lock time), and nothing
 * more is acquired. A real engine on H2 with the job executor Spring Boot configures (one thread,
 * a queue of one), and a job that runs until the test lets it finish.
 */
@Tag("unit")
class JobExecutorShutdownTest {

  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final AtomicBoolean INTERRUPTED = new AtomicBoolean();

  /** The long job: a script that takes a while, as a rollback does. */
  public static class SlowAction implements JavaDelegate {
    @Override
    public void execute(DelegateExecution execution) throws Exception {
      STARTED.countDown();
      try {
        RELEASE.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        INTERRUPTED.set(true);
        throw e;
      }
    }
  }

  private ProcessEngine engine;

  @AfterEach
  void close() {
    RELEASE.countDown();
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theRunningJobFinishesAndTheAcquiredOneIsUnlockedForAnotherNode() throws Exception {
    ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
    threads.setCorePoolSize(1);
    threads.setMaxPoolSize(1);
    threads.setQueueCapacity(1);
    threads.initialize();
    SpringJobExecutor jobExecutor = new SpringJobExecutor();
    jobExecutor.setTaskExecutor(threads);
    jobExecutor.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
    jobExecutor.setMaxJobsPerAcquisition(1);
    jobExecutor.setWaitTimeInMillis(50);
    jobExecutor.setMaxWait(200);
    jobExecutor.setLockTimeInMillis((int) Duration.ofMinutes(20).toMillis());
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
        .createStandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:shutdown-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .setJobExecutorActivate(true);
    configuration.setJobExecutor(jobExecutor);
    engine = configuration.buildProcessEngine();
    engine.getRepositoryService().createDeployment().addModelInstance("slow.bpmn",
        Bpmn.createExecutableProcess("slow").camundaHistoryTimeToLive(1).startEvent()
            .serviceTask("act").camundaAsyncBefore().camundaClass(SlowAction.class.getName()).endEvent().done())
        .deploy();

    String running = engine.getRuntimeService().startProcessInstanceByKey("slow").getId();
    assertThat(STARTED.await(10, TimeUnit.SECONDS)).isTrue();
    String acquired = engine.getRuntimeService().startProcessInstanceByKey("slow").getId();
    await().atMost(Duration.ofSeconds(10)).until(() -> lockOwner(acquired) != null);

    Thread stopping = new Thread(() ->
        JobExecutorShutdown.drain(jobExecutor, threads.getThreadPoolExecutor(), Duration.ofSeconds(20)));
    stopping.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !jobExecutor.isActive());
    assertThat(stopping.isAlive()).as("waits for the running job").isTrue();
    String third = engine.getRuntimeService().startProcessInstanceByKey("slow").getId();

    RELEASE.countDown();
    stopping.join(Duration.ofSeconds(20).toMillis());
    assertThat(stopping.isAlive()).isFalse();

    assertThat(INTERRUPTED).isFalse();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(running).count())
        .as("the running job finished and committed").isZero();
    JobEntity left = (JobEntity) engine.getManagementService().createJobQuery().processInstanceId(acquired).singleResult();
    assertThat(left.getLockOwner()).as("the acquired job is free for another node").isNull();
    assertThat(left.getLockExpirationTime()).isNull();
    assertThat(lockOwner(third)).as("nothing acquired after the stop").isNull();
  }

  private String lockOwner(String processInstanceId) {
    Job job = engine.getManagementService().createJobQuery().processInstanceId(processInstanceId).singleResult();
    return job == null ? null : ((JobEntity) job).getLockOwner();
  }
}
