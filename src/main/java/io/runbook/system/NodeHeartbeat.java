package io.runbook.system;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets the other nodes take over a dead node's engine jobs in about a minute, not after the job lock
 * time of 20 minutes ({@code lock-time-in-millis}, ADR 0004, kept so that a slow action is never run
 * twice by a live node). ADR 0010.
 *
 * <p>Every node writes a heartbeat to {@code rb_node} every {@code runbook.nodes.heartbeat-every}
 * (10 s), in database time, so the nodes' clocks do not matter. Its job executor locks jobs under
 * the node's id ({@link NodeId}, set here as the lock owner). A node whose heartbeat is older than
 * {@code runbook.nodes.dead-after} (60 s) is presumed dead: the first node to delete its row (a
 * conditional delete, so one node wins) releases the jobs locked under its id, through the engine
 * (each job's lock owner and expiry cleared, its revision checked), and wakes its own job executor,
 * which runs them at once. At start a node releases the jobs its previous run left locked under the
 * same id. Timers the dead node had not acquired need nothing: any node's job executor acquires them
 * when due.
 *
 * <p>The at-least-once window: a node that is alive but silent for longer than {@code dead-after}
 * (a pause, or the database unreachable from it but not from the others) may still finish a job the
 * others have released: the job then runs twice (its database effects once: the slower commit fails
 * on the job's revision; its messages or script twice). The node logs it when it finds its row gone.
 * Node ids must be unique among live nodes: a second live node with the same id is logged as an error.
 */
@Component
public class NodeHeartbeat extends BackgroundWorker implements ProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final NodeId node;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final boolean enabled;
  private final Duration every;
  private final Duration deadAfter;
  private final String instance = UUID.randomUUID().toString();
  private volatile ProcessEngineConfigurationImpl engine;

  public NodeHeartbeat(NodeId node, JdbcTemplate jdbc, PlatformTransactionManager transactions,
      @Value("${runbook.nodes.enabled:true}") boolean enabled,
      @Value("${runbook.nodes.heartbeat-every:PT10S}") Duration every,
      @Value("${runbook.nodes.dead-after:PT1M}") Duration deadAfter) {
    super("Node heartbeat", PHASE_AFTER_WEB_SERVER, Duration.ofSeconds(5));
    if (deadAfter.compareTo(every.multipliedBy(3)) < 0) {
      throw new IllegalStateException("runbook.nodes.dead-after (" + deadAfter
          + ") must be at least three times runbook.nodes.heartbeat-every (" + every + ")");
    }
    this.node = node;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.enabled = enabled;
    this.every = every;
    this.deadAfter = deadAfter;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {}

  /** Jobs are locked under the node's id, so another node can tell whose they are. */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    this.engine = configuration;
    JobExecutor executor = configuration.getJobExecutor();
    if (executor != null) {
      executor.setLockOwner(node.value());
    }
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {}

  /** Before the job executor starts (it starts once the application is ready). */
  @Override
  protected void onStart() {
    if (!enabled) {
      return;
    }
    try {
      transaction.executeWithoutResult(status -> {
        register(true);
        int released = release(node.value());
        if (released > 0) {
          LOG.warn("Released {} job(s) the previous run of node {} left locked; they run again now", released, node);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("Could not register node {} yet: {}", node, e.toString());
    }
    loop("runbook-node-heartbeat", () -> {
      if (pause(every.toMillis())) {
        beat();
      }
    });
  }

  /** One heartbeat, then the other nodes' that stopped. Public for tests. */
  public void beat() {
    transaction.executeWithoutResult(status -> {
      OffsetDateTime now = now();
      if (jdbc.update("UPDATE rb_node SET heartbeat_at = ? WHERE node_id = ? AND instance = ?", now, node.value(),
          instance) == 0) {
        register(false);
      }
    });
    OffsetDateTime cutoff = now().minus(deadAfter);
    for (String dead : jdbc.queryForList("SELECT node_id FROM rb_node WHERE heartbeat_at < ? AND node_id <> ?",
        String.class, cutoff, node.value())) {
      Integer released = transaction.execute(status ->
          jdbc.update("DELETE FROM rb_node WHERE node_id = ? AND heartbeat_at < ?", dead, cutoff) == 1 ? release(dead) : null);
      if (released != null) {
        LOG.warn("Node {} silent for more than {}: presumed dead; {} job(s) it had locked released to the other nodes",
            dead, deadAfter, released);
      }
    }
  }

  private void register(boolean starting) {
    OffsetDateTime now = now();
    List<String> instances = jdbc.queryForList("SELECT instance FROM rb_node WHERE node_id = ?", String.class, node.value());
    if (!instances.isEmpty()) {
      if (!starting) {
        LOG.error("Another running process uses node id {} (runbook.node-id must be unique): its jobs and this node's"
            + " cannot be told apart", node);
      }
      jdbc.update("UPDATE rb_node SET instance = ?, started_at = ?, heartbeat_at = ? WHERE node_id = ?", instance, now,
          now, node.value());
    } else {
      if (!starting) {
        LOG.warn("Node {} was presumed dead by another node (no heartbeat for {}): jobs it was running may have run"
            + " on another node too", node, deadAfter);
      }
      jdbc.update("INSERT INTO rb_node (node_id, instance, started_at, heartbeat_at) VALUES (?, ?, ?, ?)", node.value(),
          instance, now, now);
    }
  }

  /** Clears the lock of every job locked by {@code owner}, through the engine (revision checked); how many. */
  private int release(String owner) {
    ProcessEngineConfigurationImpl configuration = engine;
    if (configuration == null) {
      return 0;
    }
    List<String> jobs = jdbc.queryForList("SELECT ID_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ = ?", String.class, owner);
    int released = 0;
    for (String id : jobs) {
      Boolean done = configuration.getCommandExecutorTxRequired().execute(context -> {
        JobEntity job = context.getJobManager().findJobById(id);
        if (job == null || !owner.equals(job.getLockOwner())) {
          return false;
        }
        job.setLockOwner(null);
        job.setLockExpirationTime(null);
        return true;
      });
      if (Boolean.TRUE.equals(done)) {
        released++;
      }
    }
    JobExecutor executor = configuration.getJobExecutor();
    if (released > 0 && executor != null && TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          if (executor.isActive()) {
            executor.jobWasAdded();
          }
        }
      });
    }
    return released;
  }

  private OffsetDateTime now() {
    return jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", (rs, n) -> rs.getObject(1, OffsetDateTime.class));
  }
}
