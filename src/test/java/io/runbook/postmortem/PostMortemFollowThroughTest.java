package io.runbook.postmortem;

import static io.runbook.incident.IncidentMail.dispatch;
import static io.runbook.incident.IncidentMail.mailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.util.GreenMail;
import io.runbook.communication.LocalChatWebhook;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.incident.IncidentFixtures;
import io.runbook.incident.IncidentMail;
import io.runbook.process.ActionItemFollowUp;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.process.RunbookReview;
import io.runbook.review.SummarizeLastQuarterDelegate;
import io.runbook.system.TasklistFilters;
import io.runbook.testing.EngineTest;
import io.runbook.testing.TestPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Post-Mortem (Within 48 Hours)" followed through: the author is reminded at 24 hours, the Incident
 * Commander and the Team Lead are told at 48 hours (real e-mail, GreenMail; timers fired by hand on
 * the engine clock); each action item becomes its owner's task with its due date, listed in the
 * owner's "My action items", reminded when overdue and shown as done once completed; an unknown owner
 * is refused at submit; the quarterly review lists what is still open.
 */
@EngineTest
class PostMortemFollowThroughTest {

  /** Resolution time of every incident here: 2026-12-01 10:00 UTC. */
  static final Instant CLOSED = Instant.parse("2026-12-01T10:00:00Z");

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired FilterService filters;
  @Autowired IdentityService identity;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired ActionItemFollowUps followUps;

  GreenMail smtp;
  LocalChatWebhook chat;

  @BeforeEach
  void start() {
    init(engine);
    smtp = IncidentMail.startSmtp();
    chat = new LocalChatWebhook(TestPorts.WEBHOOK);
  }

  @AfterEach
  void stop() {
    ClockUtil.reset();
    identity.clearAuthentication();
    smtp.stop();
    chat.close();
  }

  @Test
  void theAuthorIsRemindedAt24HoursAndTheCommanderAndTeamLeadAreToldAt48() throws Exception {
    // The manager commands, so the Incident Commander's and the Team Lead's (lead) mail are told apart.
    ProcessInstance incident = toPostMortem("manager");
    assertThat(task(IncidentResponse.POST_MORTEM, incident).getAssignee()).isEqualTo("manager");

    Job reminder = job(IncidentResponse.POST_MORTEM_REMINDER_TIMER, incident);
    Job overdue = job(IncidentResponse.POST_MORTEM_OVERDUE_TIMER, incident);
    assertThat(reminder.getDuedate().toInstant()).isEqualTo(CLOSED.plus(Duration.ofHours(24)));
    assertThat(overdue.getDuedate().toInstant()).isEqualTo(CLOSED.plus(Duration.ofHours(48)));

    smtp.purgeEmailFromAllMailboxes();
    ClockUtil.setCurrentTime(reminder.getDuedate());
    execute(reminder);
    dispatch(dispatcher, incident);
    assertThat(mailsTo(smtp, "manager@runbook.local", incident)).singleElement().asString()
        .contains("post-mortem due 2026-12-03 10:00 UTC",
            "The post-mortem of " + incident.getBusinessKey() + " is due 2026-12-03 10:00 UTC and is not written yet.");
    assertThat(mailsTo(smtp, "lead@runbook.local", incident)).isEmpty();
    assertThat(task(IncidentResponse.POST_MORTEM, incident)).as("the reminder does not take the task away").isNotNull();

    smtp.purgeEmailFromAllMailboxes();
    ClockUtil.setCurrentTime(overdue.getDuedate());
    execute(overdue);
    dispatch(dispatcher, incident);
    String told = "The post-mortem of " + incident.getBusinessKey() + " was due 2026-12-03 10:00 UTC and is not written yet."
        + " 'Write post-mortem' is held by @manager.";
    assertThat(mailsTo(smtp, "manager@runbook.local", incident)).singleElement().asString().contains("post-mortem overdue", told);
    assertThat(mailsTo(smtp, "lead@runbook.local", incident)).singleElement().asString().contains("post-mortem overdue", told);
    assertThat(management.createJobQuery().processInstanceId(incident.getId()).timers().count())
        .as("both reminders fired once; no more timers on the post-mortem").isZero();
    assertThat(task(IncidentResponse.POST_MORTEM, incident)).isNotNull();
  }

  @Test
  void aPostMortemWithoutAnAuthorRemindsTheTeamLeads() throws Exception {
    ProcessInstance incident = toPostMortem("manager");
    tasks.setAssignee(task(IncidentResponse.POST_MORTEM, incident).getId(), null);
    smtp.purgeEmailFromAllMailboxes();
    Job reminder = job(IncidentResponse.POST_MORTEM_REMINDER_TIMER, incident);
    ClockUtil.setCurrentTime(reminder.getDuedate());
    execute(reminder);
    dispatch(dispatcher, incident);
    assertThat(mailsTo(smtp, "lead@runbook.local", incident)).singleElement().asString()
        .contains("is due 2026-12-03 10:00 UTC", "Nobody has taken the task yet: it is offered to the team leads.");
    assertThat(mailsTo(smtp, "manager@runbook.local", incident)).isEmpty();
  }

  @Test
  void actionItemsBecomeTheirOwnersTasksRemindWhenOverdueAndShowAsDone() throws Exception {
    ProcessInstance incident = toPostMortem("lead");
    complete(task(IncidentResponse.POST_MORTEM, incident), postMortem(
        "Alert on pool saturation - responder - 2026-12-15\nLoad test pool settings - comms - 2026-12-20"));

    // The incident does not wait for its action items: its post-mortem branch has ended.
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.END_POST_MORTEM).finished().count()).isOne();
    assertThat(runtime.createExecutionQuery().processInstanceId(incident.getId()).activityId(IncidentResponse.POST_MORTEM)
        .count()).isZero();
    List<ProcessInstance> items = runtime.createProcessInstanceQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey()).list();
    assertThat(items).hasSize(2);

    Task responders = ownersTask(incident, "responder");
    assertThat(responders.getName()).isEqualTo("Action item: Alert on pool saturation");
    assertThat(responders.getDueDate().toInstant()).isEqualTo(Instant.parse("2026-12-15T23:59:59Z"));
    Task comms = ownersTask(incident, "comms");
    assertThat(comms.getDueDate().toInstant()).isEqualTo(Instant.parse("2026-12-20T23:59:59Z"));

    // The owner finds it in the shared filter "My action items"; nobody else does.
    assertThat(myActionItems("responder", "responders")).extracting(Task::getId).contains(responders.getId())
        .doesNotContain(comms.getId());
    assertThat(myActionItems("lead", "team-leads", "responders")).extracting(Task::getId)
        .doesNotContain(responders.getId(), comms.getId());

    assertThat(followUps.of(incident.getBusinessKey())).extracting(ActionItemFollowUps.Item::state)
        .containsExactly(ActionItemFollowUps.State.OPEN, ActionItemFollowUps.State.OPEN);

    // Overdue: the owner is reminded at the end of the due day, and again a day later.
    smtp.purgeEmailFromAllMailboxes();
    Job overdue = management.createJobQuery().processInstanceId(responders.getProcessInstanceId()).timers().singleResult();
    assertThat(overdue.getDuedate().toInstant()).isEqualTo(Instant.parse("2026-12-15T23:59:59Z"));
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-12-16T00:00:00Z")));
    execute(overdue);
    dispatch(dispatcher, incident);
    assertThat(mailsTo(smtp, "responder@runbook.local", incident)).singleElement().asString()
        .contains("action item overdue", "Your action item from the post-mortem of " + incident.getBusinessKey()
            + ", 'Alert on pool saturation', was due 2026-12-15 23:59 UTC and is not done.");
    Job again = management.createJobQuery().processInstanceId(responders.getProcessInstanceId()).timers().singleResult();
    assertThat(again.getDuedate().toInstant()).isEqualTo(Instant.parse("2026-12-16T23:59:59Z"));
    assertThat(tasks.createTaskQuery().taskId(responders.getId()).count()).as("still the owner's task").isOne();

    // Comms completes theirs: it shows as done in the post-mortem, the other as overdue.
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-12-16T09:30:00Z")));
    tasks.complete(comms.getId(), Map.of(ProcessVariables.ACTION_ITEM_OUTCOME, "Load test added to the release pipeline, PR-77"));
    assertThat(followUps.of(incident.getBusinessKey()))
        .extracting(ActionItemFollowUps.Item::action, ActionItemFollowUps.Item::owner, ActionItemFollowUps.Item::state,
            ActionItemFollowUps.Item::doneBy, ActionItemFollowUps.Item::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Alert on pool saturation", "responder", ActionItemFollowUps.State.OVERDUE, null, null),
            org.assertj.core.groups.Tuple.tuple("Load test pool settings", "comms", ActionItemFollowUps.State.DONE, "comms",
                "Load test added to the release pipeline, PR-77"));
    String report = (String) history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
        .variableName(ProcessVariables.POST_MORTEM_REPORT).singleResult().getValue();
    assertThat(ActionItemsController.withActionItems(report, followUps.of(incident.getBusinessKey())))
        .contains("### Action Items\n\n"
            + "- [ ] Alert on pool saturation - responder - 2026-12-15 (overdue)\n"
            + "- [x] Load test pool settings - comms - 2026-12-20 (done 2026-12-16 09:30 UTC by comms:"
            + " Load test added to the release pipeline, PR-77)\n\n### Lessons Learned");

    // The quarterly review lists what is not done, overdue included; not what is done.
    ProcessInstance review = runtime.startProcessInstanceByKey(RunbookReview.PROCESS_KEY);
    assertThat((String) runtime.getVariable(review.getId(), SummarizeLastQuarterDelegate.SUMMARY))
        .containsPattern("Open post-mortem action items: \\d+ \\(\\d+ overdue\\)")
        .contains("- " + incident.getBusinessKey() + ": Alert on pool saturation - responder - due 2026-12-15 (overdue)")
        .doesNotContain("Load test pool settings");
    runtime.deleteProcessInstance(review.getId(), "test");
  }

  @Test
  void anUnknownOwnerIsRefusedWhenThePostMortemIsSubmittedAndNothingChanges() {
    ProcessInstance incident = toPostMortem("lead");
    String taskId = task(IncidentResponse.POST_MORTEM, incident).getId();

    assertThatThrownBy(() -> tasks.complete(taskId, postMortem(
        "Alert on pool saturation - responder - 2026-12-15\nRotate the keys - nobody-here - 2026-12-20")))
        .isInstanceOf(FormFieldValidationException.class)
        .hasMessageContaining("owner 'nobody-here' is not a known user")
        .hasMessageNotContaining("'responder'");

    assertThat(task(IncidentResponse.POST_MORTEM, incident).getId()).isEqualTo(taskId);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey()).count()).isZero();
    assertThat(runtime.getVariable(incident.getId(), ProcessVariables.POST_MORTEM_REPORT)).isNull();
    assertThat(runtime.getVariable(incident.getId(), PostMortem.ACTION_ITEMS)).isNull();
  }

  /** A SEV-2 incident with {@code commander} as Incident Commander, closed at {@link #CLOSED}, at "Write post-mortem". */
  private ProcessInstance toPostMortem(String commander) {
    ClockUtil.setCurrentTime(Date.from(CLOSED.minus(Duration.ofHours(2))));
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of(
        "title", "Checkout is failing", "source", "user-report", "proposedSeverity", "SEV-2",
        "description", "Customers report errors on checkout"));
    complete(task(IncidentResponse.TRIAGE, incident), Map.of("acknowledged", true, "title", "Checkout is failing",
        "severity", "SEV-2", "affectedSystems", "checkout-api", "affectedUsers", "all EU customers",
        "securityRelated", false, "dataBreachSuspected", false, "stakeholdersNotified", false));
    complete(task(IncidentResponse.ASSEMBLE_TEAM, incident), Map.of("incidentCommander", commander,
        "technicalLead", "responder", "communicationsLead", "comms", "scribe", "responder",
        "channelCreated", true, "teamAssembled", true));
    execute(job(IncidentResponse.GATHER_RECENT_CHANGES, incident));
    complete(task(IncidentResponse.INVESTIGATION, incident), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true,
        "rootCause", "Release 4.2 exhausted the payment connection pool"));
    ProcessInstance mitigation = calledProcessInstance(IncidentMitigation.PROCESS_KEY, incident);
    complete(task(IncidentMitigation.MITIGATE, mitigation), Map.of("mitigationAction", "quick-fix",
        "mitigationNotes", "Raised the connection pool back to 64", "fixImplemented", true, "statusPageUpdated", true));
    execute(job(IncidentMitigation.VERIFY_HEALTH, mitigation));
    execute(job(IncidentMitigation.MONITORING_WINDOW_TIMER, mitigation));
    complete(task(IncidentResponse.CONFIRM_ROOT_CAUSE, incident),
        Map.of("confirmedRootCause", "Connection pool size regression in 4.2", "rootCauseConfirmed", true));
    complete(task(IncidentResponse.DEPLOY_PERMANENT_FIX, incident), Map.of("permanentFix", "Pool size from configuration",
        "fixReference", "PR-1234", "fixDeployedThroughNormalProcess", true));
    ClockUtil.setCurrentTime(Date.from(CLOSED));
    complete(task(IncidentResponse.VERIFY_FIX, incident), Map.of("fixVerifiedInProduction", true,
        "verificationNotes", "Error rate back to baseline", "postMortemRequested", false, "closeTicket", true));
    execute(job(IncidentResponse.PREPARE_POST_MORTEM, incident));
    dispatch(dispatcher, incident);
    return incident;
  }

  /** The shared post-mortem form; "went well" stays the one line this test has always sent. */
  private static Map<String, Object> postMortem(String actionItems) {
    Map<String, Object> v = IncidentFixtures.postMortem(actionItems);
    v.put("pmWentWell", "Fast rollback");
    return v;
  }

  private Task ownersTask(ProcessInstance incident, String owner) {
    return tasks.createTaskQuery().processDefinitionKey(ActionItemFollowUp.PROCESS_KEY)
        .processInstanceBusinessKey(incident.getBusinessKey()).taskAssignee(owner).singleResult();
  }

  private List<Task> myActionItems(String user, String... groups) {
    String filterId = filters.createFilterQuery().filterName(TasklistFilters.MY_ACTION_ITEMS).singleResult().getId();
    identity.setAuthentication(user, List.of(groups));
    try {
      return filters.listPage(filterId, 0, 500);
    } finally {
      identity.clearAuthentication();
    }
  }
}
