package io.runbook.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.testing.EngineTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** "Publish status update" posts to the public page: a row per update, never for a drill. */
@EngineTest
class PublishStatusUpdateTest {

  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aPostedUpdateIsARowOfThePublicPage() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ProcessInstance incident = StatusPageFixtures.atStatusPageTask(engine, tag, "SEV-2", "checkout-api, Public-API", false);
    StatusPageFixtures.post(engine, incident, "Identified", "slow checkout " + tag, "Payments take a minute");

    List<Map<String, Object>> rows = jdbc.queryForList(
        "SELECT status, title, body, impact, severity, systems FROM rb_status_update WHERE incident_id = ?",
        incident.getBusinessKey());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsEntry("STATUS", "Identified").containsEntry("TITLE", "slow checkout " + tag)
        .containsEntry("IMPACT", "Payments take a minute").containsEntry("SEVERITY", "SEV-2")
        .containsEntry("SYSTEMS", "checkout-api,public-api");
    assertThat((String) rows.get(0).get("BODY")).startsWith("Identified\n\nWe have identified the cause of slow checkout " + tag)
        .contains("Next update in 30 minutes.");
  }

  @Test
  void aDrillRehearsesTheWordingButPostsNothing() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ProcessInstance drill = StatusPageFixtures.atStatusPageTask(engine, tag, "SEV-1", "checkout-api", true);
    StatusPageFixtures.post(engine, drill, "Investigating", "drill outage " + tag, "none");

    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rb_status_update WHERE incident_id = ? OR title LIKE ?",
        Integer.class, drill.getBusinessKey(), "%" + tag + "%")).isZero();
  }
}
