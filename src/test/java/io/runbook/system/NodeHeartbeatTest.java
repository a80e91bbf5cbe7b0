package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.EngineTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A node that stopped writing its heartbeat gives its locked jobs back to the others at the next
 * heartbeat after {@code dead-after}; a live node's locks are left alone (ADR 0010). On H2 here,
 * on PostgreSQL with real nodes in {@link TwoNodesTest}.
 */
@EngineTest
class NodeHeartbeatTest {

  @Autowired ProcessEngine engine;
  @Autowired NodeHeartbeat heartbeat;
  @Autowired NodeId node;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void forgetTheOtherNodes() {
    jdbc.update("DELETE FROM rb_node WHERE node_id IN ('test-dead-node', 'test-live-node')");
  }

  @Test
  void aDeadNodesJobsAreReleasedALiveNodesAreNot() {
    Job deadNodesTimer = timerOfANewIncident();
    Job liveNodesTimer = timerOfANewIncident();
    Instant longAgo = Instant.now().minusSeconds(3600);
    jdbc.update("INSERT INTO rb_node (node_id, instance, started_at, heartbeat_at) VALUES (?, 'x', ?, ?)",
        "test-dead-node", Timestamp.from(longAgo), Timestamp.from(longAgo));
    jdbc.update("INSERT INTO rb_node (node_id, instance, started_at, heartbeat_at) VALUES (?, 'y', ?, ?)",
        "test-live-node", Timestamp.from(longAgo), Timestamp.from(Instant.now().plusSeconds(3600)));
    lock(deadNodesTimer, "test-dead-node");
    lock(liveNodesTimer, "test-live-node");

    heartbeat.beat();

    assertThat(lockOwner(deadNodesTimer)).as("the dead node's job, free for any node").isNull();
    assertThat(lockOwner(liveNodesTimer)).isEqualTo("test-live-node");
    assertThat(jdbc.queryForList("SELECT node_id FROM rb_node", String.class))
        .contains(node.value(), "test-live-node").doesNotContain("test-dead-node");
  }

  @Test
  void theJobExecutorLocksJobsUnderTheNodeId() {
    assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getJobExecutor().getLockOwner()).isEqualTo(node.value());
  }

  private Job timerOfANewIncident() {
    ProcessInstance incident = engine.getRuntimeService().startProcessInstanceByMessage(
        IncidentResponse.MESSAGE_ALERT_RECEIVED, Map.of(ProcessVariables.TITLE, "Checkout is failing",
            ProcessVariables.SOURCE, "monitoring", ProcessVariables.PROPOSED_SEVERITY, "SEV-1",
            ProcessVariables.DESCRIPTION, "HTTP 503"));
    return engine.getManagementService().createJobQuery().processInstanceId(incident.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
  }

  private void lock(Job job, String owner) {
    jdbc.update("UPDATE ACT_RU_JOB SET LOCK_OWNER_ = ?, LOCK_EXP_TIME_ = ? WHERE ID_ = ?", owner,
        Timestamp.from(Instant.now().plusSeconds(1200)), job.getId());
  }

  private String lockOwner(Job job) {
    return jdbc.queryForObject("SELECT LOCK_OWNER_ FROM ACT_RU_JOB WHERE ID_ = ?", String.class, job.getId());
  }
}
