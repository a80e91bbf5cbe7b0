package io.runbook.escalation;

import static io.runbook.escalation.EscalationTestSupport.T0;
import static io.runbook.escalation.EscalationTestSupport.at;
import static io.runbook.incident.IncidentMail.Copies.EVERY_COPY;
import static io.runbook.incident.IncidentMail.subjectsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import com.icegreen.greenmail.util.GreenMail;
import io.runbook.communication.DispatchByHand;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.communication.NotificationOutbox;
import io.runbook.incident.IncidentMail;
import io.runbook.process.IncidentResponse;
import io.runbook.testing.EngineTest;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The runbook's escalation column reaches a real mailbox (GreenMail): a SEV-1 mails the Team Lead
 * (lead@runbook.local, the team-leads group) with the page, before any timer; a SEV-2 only when its
 * 30 minutes pass unacknowledged.
 */
@EngineTest
class EscalationColumnMailTest {

  @Autowired ProcessEngine engine;
  @Autowired NotificationOutbox outbox;
  @Autowired NotificationDispatcher dispatcher;
  EscalationTestSupport support;
  GreenMail smtp;

  @BeforeEach
  void setUp() {
    init(engine);
    support = new EscalationTestSupport(engine, outbox);
    ClockUtil.setCurrentTime(Date.from(T0));
    smtp = IncidentMail.startSmtp();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
    ClockUtil.reset();
  }

  @Test
  void aSev1MailsTheTeamLeadImmediately() throws Exception {
    ProcessInstance incident = support.raise("SEV-1");

    // No timer fired: the page and the Team Lead's notice leave with the incident's first commit.
    DispatchByHand.send(dispatcher, incident.getBusinessKey());

    assertThat(subjectsTo(smtp, "oncall@runbook.local", incident, EVERY_COPY)).singleElement().asString()
        .contains("new incident, acknowledge within 15 minutes");
    assertThat(subjectsTo(smtp, "lead@runbook.local", incident, EVERY_COPY)).singleElement().asString()
        .contains(incident.getBusinessKey() + " SEV-1", "new SEV-1 incident, informed at once");
    assertThat(subjectsTo(smtp, "manager@runbook.local", incident, EVERY_COPY)).isEmpty();
    assertThat(support.timer(incident, IncidentResponse.ACK_OVERDUE).getDuedate()).isEqualTo(at(Duration.ofMinutes(15)));
  }

  @Test
  void aSev2MailsTheTeamLeadAfter30MinutesUnacknowledged() throws Exception {
    ProcessInstance incident = support.raise("SEV-2");
    DispatchByHand.send(dispatcher, incident.getBusinessKey());
    assertThat(subjectsTo(smtp, "lead@runbook.local", incident, EVERY_COPY)).isEmpty();

    support.fire(support.timer(incident, IncidentResponse.ACK_OVERDUE));
    DispatchByHand.send(dispatcher, incident.getBusinessKey());

    assertThat(subjectsTo(smtp, "lead@runbook.local", incident, EVERY_COPY)).singleElement().asString()
        .contains("not acknowledged after 30 minutes, escalated to Team Lead");
    assertThat(ClockUtil.getCurrentTime()).isEqualTo(at(Duration.ofMinutes(30)));
  }
}
