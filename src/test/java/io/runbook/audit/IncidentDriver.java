package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Drives an incident as its people do, over HTTP with their own credentials, on an engine clock
 * moved by hand: a minute per step, or to a timer's due time when it is fired. The audit tests read
 * back what this wrote into the history; the {@code /api/**} endpoint tests call as a person with it.
 */
public final class IncidentDriver {

  private final TestRestTemplate http;
  private final TaskService tasks;
  private final ManagementService management;
  private Instant clock;

  public IncidentDriver(TestRestTemplate http, TaskService tasks, ManagementService management) {
    this.http = http;
    this.tasks = tasks;
    this.management = management;
  }

  /** The engine clock starts at the next whole second after now (not yet set on the engine). */
  public Instant startClock() {
    clock = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    return clock;
  }

  /** The engine clock moves one minute; returns the new instant. */
  public Instant step() {
    clock = clock.plus(Duration.ofMinutes(1));
    ClockUtil.setCurrentTime(Date.from(clock));
    return clock;
  }

  public TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user);
  }

  /** Variables as Camunda's REST API takes them: {@code {"variables": {name: {"value": ...}}}}. */
  public static Map<String, Object> rest(Map<String, Object> variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    return Map.of("variables", values);
  }

  public Task task(String processInstanceId, String activityId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).singleResult();
  }

  public void complete(String user, Task task, Map<String, Object> values) {
    ResponseEntity<String> done = as(user).postForEntity("/engine-rest/task/{id}/complete", rest(values), String.class, task.getId());
    assertThat(done.getStatusCode()).as("%s completes %s: %s", user, task.getName(), done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** GET {@code path} as {@code user}: it must answer 200; its body read as JSON. */
  public JsonNode getJson(String user, String path, Object... uriVariables) throws Exception {
    ResponseEntity<String> answer = as(user).getForEntity(path, String.class, uriVariables);
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    return new ObjectMapper().readTree(answer.getBody());
  }

  /** Submits a task's form as {@code user} does in Tasklist ({@code /submit-form}): it must answer 204. */
  public void submitForm(String user, String taskId, Object form) {
    ResponseEntity<String> submitted = as(user).postForEntity("/engine-rest/task/{id}/submit-form", form, String.class, taskId);
    assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  /**
   * GET {@code path} as a stranger: a person with a password and no group, so no Runbook rights,
   * created for this one call and deleted after it.
   */
  public ResponseEntity<String> getAsStranger(IdentityService identity, String path, Object... uriVariables) {
    String stranger = "stranger" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(stranger);
    user.setPassword(stranger);
    identity.saveUser(user);
    try {
      return as(stranger).getForEntity(path, String.class, uriVariables);
    } finally {
      identity.deleteUser(stranger);
    }
  }

  public void runJob(String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    assertThat(job).as("job at %s", activityId).isNotNull();
    management.executeJob(job.getId());
  }

  /** A timer fired by hand at its due time on the engine clock; returns that time. */
  public Instant fireTimer(String processInstanceId, String activityId) {
    Job timer = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers().singleResult();
    assertThat(timer).as("timer %s", activityId).isNotNull();
    clock = timer.getDuedate().toInstant();
    ClockUtil.setCurrentTime(timer.getDuedate());
    management.executeJob(timer.getId());
    return clock;
  }
}
