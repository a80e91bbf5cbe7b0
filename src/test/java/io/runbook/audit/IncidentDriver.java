package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Drives an incident as its people do, over HTTP with their own credentials, on an engine clock
 * moved by hand: a minute per step, or to a timer's due time when it is fired. The audit tests read
 * back what this wrote into the history.
 */
final class IncidentDriver {

  private final TestRestTemplate http;
  private final TaskService tasks;
  private final ManagementService management;
  private Instant clock;

  IncidentDriver(TestRestTemplate http, TaskService tasks, ManagementService management) {
    this.http = http;
    this.tasks = tasks;
    this.management = management;
  }

  /** The engine clock starts at the next whole second after now (not yet set on the engine). */
  Instant startClock() {
    clock = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
    return clock;
  }

  /** The engine clock moves one minute; returns the new instant. */
  Instant step() {
    clock = clock.plus(Duration.ofMinutes(1));
    ClockUtil.setCurrentTime(Date.from(clock));
    return clock;
  }

  TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user);
  }

  /** Variables as Camunda's REST API takes them: {@code {"variables": {name: {"value": ...}}}}. */
  static Map<String, Object> rest(Map<String, Object> variables) {
    Map<String, Object> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, Map.of("value", value)));
    return Map.of("variables", values);
  }

  Task task(String processInstanceId, String activityId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).singleResult();
  }

  void complete(String user, Task task, Map<String, Object> values) {
    ResponseEntity<String> done = as(user).postForEntity("/engine-rest/task/{id}/complete", rest(values), String.class, task.getId());
    assertThat(done.getStatusCode()).as("%s completes %s: %s", user, task.getName(), done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  void runJob(String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    assertThat(job).as("job at %s", activityId).isNotNull();
    management.executeJob(job.getId());
  }

  /** A timer fired by hand at its due time on the engine clock; returns that time. */
  Instant fireTimer(String processInstanceId, String activityId) {
    Job timer = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers().singleResult();
    assertThat(timer).as("timer %s", activityId).isNotNull();
    clock = timer.getDuedate().toInstant();
    ClockUtil.setCurrentTime(timer.getDuedate());
    management.executeJob(timer.getId());
    return clock;
  }
}
