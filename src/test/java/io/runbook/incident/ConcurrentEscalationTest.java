package io.runbook.incident;

import static io.runbook.incident.IncidentFixtures.report;
import static io.runbook.incident.IncidentFixtures.triage;
import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.ProcessVariables;
import io.runbook.process.SecurityReview;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two throws of one escalation committed at the same moment, in two transactions (two nodes, or two
 * people in the same second): one status-update cadence, one Security review, one Legal review with
 * one set of deadline timers. The guards of the three event subprocesses write a variable of the
 * incident ({@code statusUpdatesRunning}, {@code securityReviewRequestedAt}, {@code legalReviewDue});
 * the second transaction to write it waits on the first one's row in the database and, once that
 * commits, fails with Camunda's {@code OptimisticLockingException}; it rolls back whole, and its retry
 * finds the cadence or review running and starts nothing. The process instance's execution row,
 * which Camunda updates with a revision check whenever the event subprocess starts, would settle the
 * race as well (with the guard's variable made local to the subprocess, the second throw still fails,
 * on that row); the guard is what makes the retry start nothing. See {@link EscalationRace} for how the two
 * transactions are made to overlap without sleeping. The same runs on PostgreSQL in
 * {@code io.runbook.system.PostgresCompatibilityTest}.
 */
@EngineTest
public class ConcurrentEscalationTest {

  public static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  @Autowired ProcessEngine engine;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void start() {
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  @AfterEach
  void stop() {
    ClockUtil.reset();
  }

  @Test
  void statusUpdatesThrownTwiceAtOnceStartOneCadence() {
    scenarios().statusUpdatesThrownTwiceAtOnceStartOneCadence();
  }

  @Test
  void securityThrownTwiceAtOnceStartsOneReview() {
    scenarios().securityThrownTwiceAtOnceStartsOneReview();
  }

  @Test
  void legalThrownTwiceAtOnceStartsOneReviewWithOneSetOfDeadlineTimers() {
    scenarios().legalThrownTwiceAtOnceStartsOneReviewWithOneSetOfDeadlineTimers();
  }

  private Scenarios scenarios() {
    return new Scenarios(engine, new EscalationRace(engine, transactions, jdbc));
  }

  /** The three races, shared with the PostgreSQL variant; the engine clock at {@link #T0}. */
  public record Scenarios(ProcessEngine engine, EscalationRace race) {

    /** A SEV-3 incident, triaged: no team, no status updates, no review. */
    ProcessInstance triagedSev3() {
      ProcessInstance incident = engine.getRuntimeService()
          .startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, report("Checkout is failing", "SEV-3"));
      String triageTask = engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
          .taskDefinitionKey(IncidentResponse.TRIAGE).singleResult().getId();
      engine.getTaskService().complete(triageTask, triage("SEV-3"));
      assertThat(engine.getRuntimeService().getVariable(incident.getId(), ProcessVariables.STATUS_UPDATES_RUNNING)).isNull();
      assertThat(engine.getRuntimeService().getVariable(incident.getId(), ProcessVariables.SECURITY_REVIEW_REQUESTED_AT)).isNull();
      assertThat(engine.getRuntimeService().getVariable(incident.getId(), ProcessVariables.LEGAL_REVIEW_DUE)).isNull();
      return incident;
    }

    public void statusUpdatesThrownTwiceAtOnceStartOneCadence() {
      ProcessInstance incident = triagedSev3();

      EscalationRace.Outcome outcome = race.twoThrowsAtOnce(incident.getId(), IncidentResponse.THROW_STATUS_UPDATES_REQUIRED);

      assertThat(postStatusUpdateTasks(incident)).as("Communications is asked once").isEqualTo(1);
      assertThat(firstUpdateTimers(incident)).as("one cadence: one missed-update timer").isEqualTo(1);

      outcome.assertLoserConflictedOn(ProcessVariables.STATUS_UPDATES_RUNNING);

      // The loser's caller tries again (a person reloads and resubmits, a job is retried): nothing more starts.
      race.throwOnce(incident.getId(), IncidentResponse.THROW_STATUS_UPDATES_REQUIRED);
      assertThat(postStatusUpdateTasks(incident)).isEqualTo(1);
      assertThat(firstUpdateTimers(incident)).isEqualTo(1);
      assertThat(passed(incident, IncidentResponse.END_STATUS_UPDATES_ALREADY_RUNNING)).as("the retry found it running").isEqualTo(1);
      assertThat(passed(incident, IncidentResponse.STATUS_UPDATES_SUBPROCESS)).as("the loser left no trace").isEqualTo(2);
    }

    public void securityThrownTwiceAtOnceStartsOneReview() {
      ProcessInstance incident = triagedSev3();

      EscalationRace.Outcome outcome = race.twoThrowsAtOnce(incident.getId(), IncidentResponse.SECURITY_REVIEW_REQUIRED_END);

      assertThat(reviews(incident, SecurityReview.PROCESS_KEY)).as("one security review").isEqualTo(1);
      assertThat(reviewsEver(incident, SecurityReview.PROCESS_KEY)).as("none started and rolled back into history").isEqualTo(1);
      assertThat(reviewTasks(incident, SecurityReview.PROCESS_KEY, SecurityReview.SECURITY_REVIEW)).isEqualTo(1);

      outcome.assertLoserConflictedOn(ProcessVariables.SECURITY_REVIEW_REQUESTED_AT);

      race.throwOnce(incident.getId(), IncidentResponse.SECURITY_REVIEW_REQUIRED_END);
      assertThat(reviewsEver(incident, SecurityReview.PROCESS_KEY)).isEqualTo(1);
      assertThat(passed(incident, IncidentResponse.SECURITY_REVIEW_ALREADY_REQUESTED)).as("the retry found it requested").isEqualTo(1);
    }

    public void legalThrownTwiceAtOnceStartsOneReviewWithOneSetOfDeadlineTimers() {
      ProcessInstance incident = triagedSev3();

      EscalationRace.Outcome outcome = race.twoThrowsAtOnce(incident.getId(), IncidentResponse.LEGAL_REVIEW_REQUIRED_END);

      assertThat(reviews(incident, LegalReview.PROCESS_KEY)).as("one legal review").isEqualTo(1);
      assertThat(reviewsEver(incident, LegalReview.PROCESS_KEY)).isEqualTo(1);
      assertThat(reviewTasks(incident, LegalReview.PROCESS_KEY, LegalReview.LEGAL_REVIEW)).isEqualTo(1);
      assertThat(legalTimers(incident)).as("one first reminder, one second reminder, one CTO escalation")
          .containsExactlyInAnyOrder(IncidentResponse.LEGAL_FIRST_REMINDER, IncidentResponse.LEGAL_SECOND_REMINDER,
              IncidentResponse.LEGAL_CTO_ESCALATION);
      assertThat(engine.getRuntimeService().getVariable(incident.getId(), ProcessVariables.LEGAL_REVIEW_DUE))
          .isEqualTo(Date.from(T0.plus(Duration.ofHours(72))));

      outcome.assertLoserConflictedOn(ProcessVariables.LEGAL_REVIEW_DUE, ProcessVariables.BREACH_SUSPECTED_AT);

      race.throwOnce(incident.getId(), IncidentResponse.LEGAL_REVIEW_REQUIRED_END);
      assertThat(reviewsEver(incident, LegalReview.PROCESS_KEY)).isEqualTo(1);
      assertThat(legalTimers(incident)).hasSize(3);
      assertThat(passed(incident, IncidentResponse.LEGAL_REVIEW_ALREADY_REQUESTED)).as("the retry found it requested").isEqualTo(1);
    }

    private long postStatusUpdateTasks(ProcessInstance incident) {
      return engine.getTaskService().createTaskQuery().processInstanceId(incident.getId())
          .taskDefinitionKey(IncidentResponse.STATUS_PAGE_UPDATE).count();
    }

    private long firstUpdateTimers(ProcessInstance incident) {
      return engine.getManagementService().createJobQuery().processInstanceId(incident.getId())
          .activityId(IncidentResponse.STATUS_UPDATE_MISSED).count();
    }

    private long passed(ProcessInstance incident, String activityId) {
      return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(incident.getId())
          .activityId(activityId).count();
    }

    private long reviews(ProcessInstance incident, String processKey) {
      return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(incident.getId())
          .processDefinitionKey(processKey).count();
    }

    private long reviewsEver(ProcessInstance incident, String processKey) {
      return engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(incident.getId())
          .processDefinitionKey(processKey).count();
    }

    private long reviewTasks(ProcessInstance incident, String processKey, String taskKey) {
      return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(incident.getBusinessKey())
          .processDefinitionKey(processKey).taskDefinitionKey(taskKey).count();
    }

    private List<String> legalTimers(ProcessInstance incident) {
      return Stream.of(IncidentResponse.LEGAL_FIRST_REMINDER, IncidentResponse.LEGAL_SECOND_REMINDER,
              IncidentResponse.LEGAL_CTO_ESCALATION)
          .flatMap(timer -> engine.getManagementService().createJobQuery().processInstanceId(incident.getId())
              .activityId(timer).list().stream().map(job -> timer))
          .toList();
    }
  }
}
