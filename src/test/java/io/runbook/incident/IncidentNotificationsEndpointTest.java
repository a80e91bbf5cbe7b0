package io.runbook.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.communication.DispatchByHand;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.WebTest;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * "Which messages went out for incident X": GET /api/incidents/{id}/notifications lists the
 * incident's messages from the outbox with where each stands, for whoever may read incidents.
 */
@WebTest
class IncidentNotificationsEndpointTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired NotificationDispatcher dispatcher;

  @Test
  @SuppressWarnings("unchecked")
  void theOnCallPageOfANewIncidentIsListedUntriedThenWithItsDeliveryAttempt() {
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Search is slow", "source", "team-observation", "proposedSeverity", "SEV-3"));
    String path = "/api/incidents/" + incident.getBusinessKey() + "/notifications";

    ResponseEntity<List> pending = http.withBasicAuth("auditor", "auditor").getForEntity(path, List.class);
    assertThat(pending.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> messages = pending.getBody();
    assertThat(messages).isNotEmpty();
    assertThat(messages).extracting(m -> m.get("role")).contains("Primary On-Call");
    assertThat(messages).allSatisfy(m -> {
      assertThat(m.get("status")).isEqualTo("pending");
      assertThat(m.get("processInstanceId")).as("not tried yet").isNull();
    });

    // The dispatcher's own sending code: delivered, or handed to a process that retries it.
    assertThat(DispatchByHand.send(dispatcher, incident.getBusinessKey())).isEqualTo(messages.size());
    List<Map<String, Object>> tried = http.withBasicAuth("responder", "responder").getForEntity(path, List.class).getBody();
    assertThat(tried).hasSameSizeAs(messages);
    // No SMTP server runs for this test: each message was tried and is now retried by its process.
    assertThat(tried).allSatisfy(m -> assertThat("delivered".equals(m.get("status")) || m.get("processInstanceId") != null)
        .as("%s delivered or retried by a process", m).isTrue());
  }

  @Test
  void unknownIncidentsAre404AndStrangers401() {
    assertThat(http.withBasicAuth("responder", "responder")
        .getForEntity("/api/incidents/INC-2099-0404/notifications", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/incidents/INC-2099-0404/notifications", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
