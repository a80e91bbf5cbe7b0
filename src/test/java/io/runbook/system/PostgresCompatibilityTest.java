package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.audit.IncidentHistoryList;
import io.runbook.audit.IncidentRecord;
import io.runbook.audit.IncidentRecords;
import io.runbook.audit.IncidentReplay;
import io.runbook.audit.IncidentTimeline;
import io.runbook.audit.TimelineEvent;
import io.runbook.communication.Channel;
import io.runbook.communication.NotificationOutbox;
import io.runbook.incident.ConcurrentEscalationTest;
import io.runbook.incident.EscalationRace;
import io.runbook.process.IncidentResponse;
import io.runbook.support.EmbeddedPostgresDatabase;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;

/** The product runs on a real PostgreSQL, our own tables included (the notification outbox too). */
@Import(EmbeddedPostgresDatabase.class)
@SpringBootTest(properties = {"runbook.notify.dispatch.enabled=true", "runbook.notify.dispatch.grace=PT1H"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ActiveProfiles({"demo", "test"})
@Tag(EngineTest.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresCompatibilityTest {

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired NotificationOutbox outbox;
  @Autowired IncidentRecords auditRecords;
  @Autowired IncidentTimeline timelines;
  @Autowired IncidentReplay replay;
  @Autowired IncidentHistoryList historyList;
  @Autowired ProcessEngine engine;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;

  /**
   * Two nodes throw the same escalation at once (ConcurrentEscalationTest, on PostgreSQL): the second
   * transaction waits on the first one's row of the guard variable, then fails with a conflict; one
   * cadence, one Security review, one Legal review.
   */
  @Test
  void anEscalationThrownTwiceAtOnceStartsOnceOnPostgres() {
    ClockUtil.setCurrentTime(Date.from(ConcurrentEscalationTest.T0));
    try {
      ConcurrentEscalationTest.Scenarios scenarios =
          new ConcurrentEscalationTest.Scenarios(engine, new EscalationRace(engine, transactions, jdbc));
      scenarios.statusUpdatesThrownTwiceAtOnceStartOneCadence();
      scenarios.securityThrownTwiceAtOnceStartsOneReview();
      scenarios.legalThrownTwiceAtOnceStartsOneReviewWithOneSetOfDeadlineTimers();
    } finally {
      ClockUtil.reset();
    }
  }

  @Test
  void aPageGoesThroughTheNotificationOutboxOnPostgres() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(TestPorts.SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
          Map.of("title", "Replica lag", "source", "team-observation", "proposedSeverity", "SEV-2"));

      await().atMost(Duration.ofSeconds(10)).until(() -> outbox.forIncident(incident.getBusinessKey(), 10).stream()
          .anyMatch(row -> row.channel() == Channel.EMAIL && row.deliveredAt() != null));
      assertThat(smtp.getReceivedMessages()).extracting(MimeMessage::getSubject)
          .contains("\uD83D\uDEA8 " + incident.getBusinessKey() + " SEV-2 Replica lag: new incident, acknowledge within 1 hour");
      // The chat webhook of the test profile is not running: that page became a process that retries it.
      NotificationOutbox.Row chat = await().atMost(Duration.ofSeconds(10)).until(() -> outbox
          .forIncident(incident.getBusinessKey(), 10).stream().filter(row -> row.channel() == Channel.CHAT)
          .findFirst().orElse(null), row -> row != null && row.processInstanceId() != null);
      assertThat(management.createJobQuery().processInstanceId(chat.processInstanceId()).count()).isEqualTo(1);
    } finally {
      smtp.stop();
    }
  }

  /** The audit reads some history tables by SQL (ACT_HI_DETAIL, ACT_HI_PROCINST, LIKE ... ESCAPE): on PostgreSQL too. */
  @Test
  void anIncidentsTimelineReplayAndHistoryListReadOnPostgres() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Disk 100% on pg-2", "source", "team-observation", "proposedSeverity", "SEV-3"));
    String triage = tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    tasks.complete(triage, Map.of("acknowledged", true, "title", "Disk 100% on pg-2", "severity", "SEV-2",
        "affectedSystems", "orders-db", "affectedUsers", "none so far", "stakeholdersNotified", true));

    IncidentRecord record = auditRecords.withoutReviews(incident.getId());
    IncidentTimeline.Timeline timeline = timelines.of(record);
    assertThat(timeline.events()).extracting(TimelineEvent::type)
        .contains(TimelineEvent.TASK_CREATED, TimelineEvent.TASK_COMPLETED, TimelineEvent.SEVERITY_CHANGED);
    assertThat(replay.at(record, timeline, Instant.now().plusSeconds(1)).severity()).isEqualTo("SEV-2");
    IncidentHistoryList.Page found = historyList.list(
        new IncidentHistoryList.Filter(null, null, null, null, null, "100% on pg"), 0, 20);
    assertThat(found.items()).extracting(IncidentHistoryList.Item::incidentId).containsExactly(incident.getBusinessKey());
  }

  @Test
  @Order(1) // the first incident of the year on an empty database: INC-YYYY-0001
  void anIncidentGetsItsIdAndMovesThroughTriageOnPostgres() {
    ProcessInstance first = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "DB failover", "source", "team-observation", "proposedSeverity", "SEV-3"));
    ProcessInstance second = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Slow search", "source", "support-ticket", "proposedSeverity", "SEV-4"));

    assertThat(first.getBusinessKey()).matches("INC-\\d{4}-0001");
    assertThat(second.getBusinessKey()).matches("INC-\\d{4}-0002");
    String triage = tasks.createTaskQuery().processInstanceId(first.getId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
    tasks.complete(triage, Map.of("acknowledged", true, "title", "DB failover", "severity", "SEV-3",
        "affectedSystems", "orders-db", "affectedUsers", "none so far", "stakeholdersNotified", true));
    // Investigation starts by gathering recent changes in an asynchronous job.
    management.executeJob(management.createJobQuery().processInstanceId(first.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    assertThat(tasks.createTaskQuery().processInstanceId(first.getId())
        .taskDefinitionKey(IncidentResponse.INVESTIGATION).singleResult().getTaskDefinitionKey())
        .isEqualTo(IncidentResponse.INVESTIGATION);
  }
}
