package io.runbook.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.communication.NotificationOutbox;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.system.TasklistFilters;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What Tasklist shows of a runbook task: due date, priority and name, and how escalation changes them. */
@EngineTest
class TaskUrgencyTest {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired FormService forms;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired FilterService filters;
  @Autowired NotificationOutbox outbox;

  @BeforeEach
  void startClock() {
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  @Test
  void aTriageTaskIsDueAtTheAcknowledgementSlaAndStandsOutOnceEscalated() {
    ProcessInstance incident = alert("SEV-1");
    Task triage = task(incident, IncidentResponse.TRIAGE);
    assertThat(triage.getName()).isEqualTo("SEV-1 \u00b7 Acknowledge and assess severity");
    assertThat(triage.getPriority()).isEqualTo(100);
    assertThat(triage.getDueDate()).isEqualTo(at(Duration.ofMinutes(15)));

    // SEV-1 told the Team Lead (level 1) with the page; the 15-minute breach tells level 2.
    fire(incident, IncidentResponse.ACK_OVERDUE);
    triage = task(incident, IncidentResponse.TRIAGE);
    assertThat(triage.getName()).isEqualTo("SEV-1 \u00b7 \u26a0 escalated L2 \u00b7 Acknowledge and assess severity");
    assertThat(triage.getPriority()).isEqualTo(120);
    assertThat(triage.getDueDate()).as("still due when the SLA was breached: overdue").isEqualTo(at(Duration.ofMinutes(15)));

    fire(incident, IncidentResponse.ACK_OVERDUE);
    triage = task(incident, IncidentResponse.TRIAGE);
    assertThat(triage.getName()).isEqualTo("SEV-1 \u00b7 \u26a0 escalated L3 \u00b7 Acknowledge and assess severity");
    assertThat(triage.getPriority()).isEqualTo(130);
  }

  @Test
  void aSeverityRaisedBeforeAcknowledgementMovesTheDueDateAndName() {
    ProcessInstance incident = alert("SEV-3");
    Task triage = task(incident, IncidentResponse.TRIAGE);
    assertThat(triage.getName()).isEqualTo("SEV-3 \u00b7 Acknowledge and assess severity");
    assertThat(triage.getPriority()).isEqualTo(50);
    assertThat(triage.getDueDate()).isEqualTo(at(Duration.ofHours(4)));

    ClockUtil.setCurrentTime(at(Duration.ofMinutes(5)));
    runtime.setVariable(incident.getId(), ProcessVariables.PROPOSED_SEVERITY, "SEV-1");
    triage = task(incident, IncidentResponse.TRIAGE);
    assertThat(triage.getName()).isEqualTo("SEV-1 \u00b7 Acknowledge and assess severity");
    assertThat(triage.getPriority()).isEqualTo(100);
    assertThat(triage.getDueDate()).as("counted from the report").isEqualTo(at(Duration.ofMinutes(15)));
  }

  @Test
  void laterTasksAreDueUnderTheResolutionSlaAndTheIncidentCommanderOwnsThem() {
    ProcessInstance incident = alert("SEV-3");
    ClockUtil.setCurrentTime(at(Duration.ofMinutes(10)));
    tasks.complete(task(incident, IncidentResponse.TRIAGE).getId(), triage("SEV-2"));

    Task assemble = task(incident, IncidentResponse.ASSEMBLE_TEAM);
    assertThat(assemble.getName()).isEqualTo("SEV-2 \u00b7 Assemble response team");
    assertThat(assemble.getPriority()).isEqualTo(75);
    assertThat(assemble.getDueDate()).as("report + 8 h").isEqualTo(at(Duration.ofHours(8)));

    ClockUtil.setCurrentTime(at(Duration.ofMinutes(20)));
    tasks.complete(assemble.getId(), Map.of("incidentCommander", "lead", "technicalLead", "responder",
        "communicationsLead", "comms", "scribe", "responder", "channelCreated", true, "teamAssembled", true));
    Task status = task(incident, IncidentResponse.STATUS_PAGE_UPDATE);
    assertThat(status.getName()).isEqualTo("SEV-2 \u00b7 Post status update");
    assertThat(status.getDueDate()).as("the first update: 15 minutes after the status updates start")
        .isEqualTo(at(Duration.ofMinutes(35)));
    assertThat(status.getOwner()).isEqualTo("lead");

    // The resolution target passes: every task under it says so and moves up.
    fire(incident, IncidentResponse.RESOLUTION_OVERDUE);
    management.executeJob(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    Task investigate = task(incident, IncidentResponse.INVESTIGATION);
    assertThat(investigate.getName()).isEqualTo("SEV-2 \u00b7 \u26a0 escalated L1 \u00b7 Investigate");
    assertThat(investigate.getPriority()).isEqualTo(85);
    assertThat(investigate.getDueDate()).isEqualTo(at(Duration.ofHours(8)));
    assertThat(investigate.getOwner()).isEqualTo("lead");
    assertThat(task(incident, IncidentResponse.STATUS_PAGE_UPDATE).getName())
        .as("due under its own clock, not the resolution SLA").isEqualTo("SEV-2 \u00b7 Post status update");

    // The standing tasks (open until closing, used when needed) are never late: no due date.
    assertThat(task(incident, IncidentResponse.REASSESS_SEVERITY).getDueDate()).isNull();
    assertThat(task(incident, IncidentResponse.INCIDENT_LOG).getDueDate()).isNull();

    // The Incident Commander sees them in their filter, and may read but not work them.
    identity.setAuthentication("lead", List.of("team-leads", "responders"));
    List<Task> commanded = filters.listPage(filterId(TasklistFilters.AS_INCIDENT_COMMANDER), 0, 500);
    assertThat(commanded).extracting(Task::getProcessInstanceId).contains(incident.getId());
    // Past the resolution target, "Overdue" lists the work that is late, not the standing tasks.
    ClockUtil.setCurrentTime(at(Duration.ofHours(9)));
    List<Task> overdue = filters.listPage(filterId(TasklistFilters.OVERDUE), 0, 500);
    assertThat(overdue).filteredOn(t -> t.getProcessInstanceId().equals(incident.getId()))
        .extracting(Task::getTaskDefinitionKey).contains(IncidentResponse.INVESTIGATION)
        .doesNotContain(IncidentResponse.REASSESS_SEVERITY, IncidentResponse.INCIDENT_LOG);
    identity.clearAuthentication();
  }

  @Test
  void theReporterGetsTheIncidentIdByMailAndAFollowTaskUntilTheIncidentEnds() {
    identity.setAuthentication("responder", List.of("responders"));
    ProcessInstance incident = forms.submitStartForm(latest(), Map.of("title", "Checkout page returns 500",
        "source", "support-ticket", "proposedSeverity", "SEV-2"));
    identity.clearAuthentication();
    String id = incident.getBusinessKey();

    Task follow = tasks.createTaskQuery().taskVariableValueEquals(ProcessVariables.FOLLOWED_INCIDENT, id).singleResult();
    assertThat(follow.getAssignee()).isEqualTo("responder");
    assertThat(follow.getName()).isEqualTo("SEV-2 \u00b7 Follow " + id + ": Checkout page returns 500");
    assertThat(follow.getDueDate()).as("the resolution SLA").isEqualTo(at(Duration.ofHours(8)));
    assertThat(follow.getProcessInstanceId()).as("standalone: nothing changes in the incident's model").isNull();
    assertThat(tasks.getVariablesLocal(follow.getId())).containsEntry(ProcessVariables.INCIDENT_ID, id)
        .containsEntry(ProcessVariables.TITLE, "Checkout page returns 500").containsEntry(ProcessVariables.SEVERITY, "SEV-2");

    identity.setAuthentication("responder", List.of("responders"));
    List<Task> reported = filters.listPage(filterId(TasklistFilters.REPORTED_BY_ME), 0, 500);
    List<Task> mine = filters.listPage(filterId(TasklistFilters.MY_TASKS), 0, 500);
    assertThat(reported).extracting(Task::getId).contains(follow.getId());
    assertThat(mine).extracting(Task::getId).as("not work").doesNotContain(follow.getId());
    identity.clearAuthentication();

    assertThat(outbox.forIncident(id, 100)).anySatisfy(row -> {
      assertThat(row.role()).isEqualTo(ReporterFollowUp.ROLE);
      assertThat(row.recipients()).containsExactly("responder@runbook.local");
      assertThat(row.subject()).contains(id, "your report is registered as " + id);
      assertThat(row.body()).contains("its id is " + id);
    });

    // Triage decides SEV-1: the follow task says so.
    tasks.complete(task(incident, IncidentResponse.TRIAGE).getId(), triage("SEV-1"));
    follow = tasks.createTaskQuery().taskId(follow.getId()).singleResult();
    assertThat(follow.getName()).startsWith("SEV-1 \u00b7 Follow " + id);
    assertThat(tasks.getVariableLocal(follow.getId(), ProcessVariables.SEVERITY)).isEqualTo("SEV-1");

    runtime.deleteProcessInstance(incident.getId(), "cancelled in Cockpit");
    assertThat(tasks.createTaskQuery().taskId(follow.getId()).count()).as("ends with the incident").isZero();
  }

  @Test
  void anAlertHasNoReporterToFollow() {
    ProcessInstance incident = alert("SEV-2");
    assertThat(tasks.createTaskQuery().taskVariableValueEquals(ProcessVariables.FOLLOWED_INCIDENT,
        incident.getBusinessKey()).count()).isZero();
  }

  private ProcessInstance alert(String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put(ProcessVariables.TITLE, "Checkout is failing");
    v.put(ProcessVariables.SOURCE, "monitoring");
    v.put(ProcessVariables.PROPOSED_SEVERITY, severity);
    return runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, v);
  }

  static Map<String, Object> triage(String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put("acknowledged", true);
    v.put("title", "Checkout is failing");
    v.put("severity", severity);
    v.put("affectedSystems", "checkout-api");
    v.put("affectedUsers", "all EU customers");
    v.put("securityRelated", false);
    v.put("dataBreachSuspected", false);
    v.put("stakeholdersNotified", true);
    return v;
  }

  private String latest() {
    return repository.createProcessDefinitionQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY)
        .latestVersion().singleResult().getId();
  }

  private String filterId(String name) {
    return filters.createFilterQuery().filterName(name).singleResult().getId();
  }

  private Task task(ProcessInstance incident, String key) {
    return tasks.createTaskQuery().processInstanceBusinessKey(incident.getBusinessKey()).taskDefinitionKey(key)
        .singleResult();
  }

  private void fire(ProcessInstance incident, String timer) {
    Job job = management.createJobQuery().processInstanceId(incident.getId()).timers().activityId(timer).singleResult();
    ClockUtil.setCurrentTime(job.getDuedate());
    management.executeJob(job.getId());
  }

  static Date at(Duration afterT0) {
    return Date.from(T0.plus(afterT0));
  }
}
