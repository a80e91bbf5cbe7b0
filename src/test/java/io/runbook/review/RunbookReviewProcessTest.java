package io.runbook.review;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import io.runbook.process.IncidentResponse;
import io.runbook.process.RunbookReview;
import io.runbook.testing.EngineTest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** "Review Frequency: Quarterly": the runbook's own review is a process that starts every quarter. */
@EngineTest
class RunbookReviewProcessTest {

  @Autowired ProcessEngine engine;

  @BeforeEach
  void bindAssertions() {
    init(engine);
  }

  @Test
  void aReviewIsScheduledOnTheFirstDayOfEachQuarter() {
    Job timer = managementService().createJobQuery()
        .processDefinitionKey(RunbookReview.PROCESS_KEY).timers().singleResult();
    ZonedDateTime due = ZonedDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneOffset.systemDefault());
    Assertions.assertThat(due.getDayOfMonth()).isEqualTo(1);
    Assertions.assertThat(due.getMonthValue()).isIn(1, 4, 7, 10);
    Assertions.assertThat(due.getHour()).isEqualTo(9);
  }

  @Test
  void theReviewStartsFromLastQuartersIncidentsAndGoesToTeamLeads() {
    ProcessInstance incident = runtimeService().startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Queue backlog", "source", "team-observation", "proposedSeverity", "SEV-3"));
    complete(task(IncidentResponse.TRIAGE, incident), Map.of("acknowledged", true, "title", "Queue backlog",
        "severity", "SEV-3", "affectedSystems", "queue", "affectedUsers", "none", "stakeholdersNotified", true));

    ProcessInstance review = runtimeService().startProcessInstanceByKey(RunbookReview.PROCESS_KEY);

    assertThat(review).isWaitingAt(RunbookReview.REVIEW_RUNBOOK);
    assertThat(task(review)).hasCandidateGroup("team-leads");
    Assertions.assertThat((String) runtimeService().getVariable(review.getId(), SummarizeLastQuarterDelegate.SUMMARY))
        .containsPattern("\\d+ incidents, \\d+ finished")
        .containsPattern("SEV-3: [1-9]");
    complete(task(review), Map.of("severityTableReviewed", true, "contactsReviewed", true,
        "escalationPathReviewed", true, "toolsReviewed", true, "templatesReviewed", true, "runbookChanges", "none"));
    assertThat(review).isEnded();
  }
}
