package io.runbook.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.communication.NotifyProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Contacts, escalation path and notification settings are configuration; mistakes stop start-up naming the key. */
@Tag("unit")
class EscalationConfigurationTest {

  @Configuration
  @EnableConfigurationProperties({ContactDirectory.class, NotifyProperties.class})
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues(
          "runbook.contacts.primary-on-call.role=Primary On-Call", "runbook.contacts.primary-on-call.chat=@alawein",
          "runbook.contacts.security.role=Security", "runbook.contacts.security.email=security@alawein.com",
          "runbook.contacts.infrastructure.role=Infrastructure",
          "runbook.contacts.team-lead.role=Team Lead", "runbook.contacts.team-lead.group=team-leads",
          "runbook.contacts.engineering-manager.role=Engineering Manager",
          "runbook.contacts.cto.role=CTO", "runbook.contacts.legal.role=Legal/Compliance",
          "runbook.escalation.path=team-lead,engineering-manager,cto", "runbook.escalation.on-call=primary-on-call",
          "runbook.escalation.security=security", "runbook.escalation.data-breach=legal");

  @Test
  void theRunbooksContactTableAndPathBind() {
    runner.run(context -> {
      ContactDirectory contacts = context.getBean(ContactDirectory.class);
      assertThat(contacts.contact("primary-on-call").chat()).isEqualTo("@alawein");
      assertThat(contacts.contact("security").email()).isEqualTo("security@alawein.com");
      assertThat(contacts.contact("infrastructure").email()).isNull();
      assertThat(contacts.pathText()).isEqualTo("Team Lead \u2192 Engineering Manager \u2192 CTO");
      assertThat(contacts.level(1).group()).isEqualTo("team-leads");
      NotifyProperties notify = context.getBean(NotifyProperties.class);
      assertThat(notify.retryIntervals()).isEqualTo("PT10S,PT1M,PT5M");
      assertThat(notify.chatWebhookUrl()).isNull();
    });
  }

  @Test
  void aPathNamingAnUnknownContactStopsStartUp() {
    runner.withPropertyValues("runbook.escalation.path=team-lead,vp-engineering,cto")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(
            "runbook.escalation.path[1] names 'vp-engineering', which is not a key of runbook.contacts"));
  }

  @Test
  void anInvalidEmailOrChatHandleStopsStartUpNamingTheKey() {
    runner.withPropertyValues("runbook.contacts.security.email=security-at-alawein", "runbook.contacts.primary-on-call.chat=alawein")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("contacts[security].email")
            .hasStackTraceContaining("contacts[primary-on-call].chat"));
  }

  @Test
  void badRetryIntervalsOrWebhookUrlsStopStartUp() {
    runner.withPropertyValues("runbook.notify.retry-intervals=PT10S,soon")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("runbook.notify.retry-intervals: 'soon' is not an ISO-8601 duration"));
    runner.withPropertyValues("runbook.notify.chat-webhook-url=ftp://hooks.example.com/x")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("runbook.notify.chat-webhook-url must be an http(s) URL"));
  }
}
