package io.runbook.communication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A team's templates are read at start-up from {@code runbook.templates.dir}: one that names a field
 * its message does not have, or does not parse, stops the start with its file and line, so it can
 * never fail while an incident runs.
 */
@Tag("unit")
class MessageTemplateStartupTest {

  @Configuration
  @EnableConfigurationProperties({TemplateProperties.class, NotifyProperties.class})
  @Import({MessageTemplates.class, IncidentMessages.class})
  static class Templates {}

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
        .withUserConfiguration(Templates.class)
        .withPropertyValues("runbook.templates.dir=" + dir);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aTemplateNamingAnUnknownFieldStopsStartUpWithItsFileAndLine() throws IOException {
    Path file = write("initial-notification.mustache", """
        🚨 INCIDENT: {{title}}
        Severity: {{severity}}
        IC: {{incidentComander}}
        """);

    runner().run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(failure).rootCause().isInstanceOf(MessageTemplateException.class)
          .hasMessageStartingWith(file + ", line 3: {{incidentComander}} names 'incidentComander'")
          .hasMessageContaining("Known here: incidentId, title, severity, severityProposed, status, affectedSystems,"
              + " affectedUsers, incidentCommander, channel, drill");
      // What the console shows instead of a stack trace.
      FailureAnalysis analysis = new MessageTemplateFailureAnalyzer().analyze(failure);
      assertThat(analysis.getDescription()).contains(file + ", line 3");
      assertThat(analysis.getAction()).contains("runbook.templates.dir");
    });
  }

  @Test
  void insideAListOnlyTheItemsFieldsAndTheEnclosingOnesAreKnown() throws IOException {
    Path file = write("post-mortem-published.mustache", """
        Post-mortem of {{incidentId}}
        {{#actionItems}}
        - {{action}} ({{owner}}, due {{due}}) for {{incidentId}}{{^-last}},{{/-last}}
        - {{ownr}}
        {{/actionItems}}
        """);

    runner().run(context -> assertThat(context.getStartupFailure()).rootCause()
        .hasMessageStartingWith(file + ", line 4: {{ownr}} names 'ownr'")
        .hasMessageContaining("Known here: action, owner, due, incidentId"));
  }

  @Test
  void aTemplateThatDoesNotParseStopsStartUpWithItsFileAndLine() throws IOException {
    Path file = write("status-page-update.mustache", "{{status}}\n\n{{#investigating}}\nWe are investigating {{issue}}.\n");

    runner().run(context -> assertThat(context.getStartupFailure()).rootCause()
        .isInstanceOf(MessageTemplateException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining("investigating")
        .hasMessageContaining("line"));
  }

  @Test
  void aFileNamedLikeNoTemplateStopsStartUpInsteadOfBeingIgnored() throws IOException {
    Path file = write("initial-notifcation.mustache", "{{title}}\n");

    runner().run(context -> assertThat(context.getStartupFailure()).rootCause()
        .hasMessageStartingWith(file + ": no template has this name")
        .hasMessageContaining("initial-notification.mustache"));
  }

  @Test
  void aTeamsTemplateReplacesTheDefaultAndTheOthersStay() throws IOException {
    write("status-page-update.mustache", """
        [{{status}}] {{#issue}}{{issue}}{{/issue}}{{^issue}}Something is wrong{{/issue}}. {{impact}}
        {{^resolved}}{{#nextUpdateMinutes}}We will post again within {{.}} minutes.{{/nextUpdateMinutes}}{{/resolved}}
        """);

    runner().run(context -> {
      assertThat(context).hasNotFailed();
      IncidentMessages messages = context.getBean(IncidentMessages.class);
      assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.IDENTIFIED, "Slow search", "Searches take 10 s.", 20)))
          .isEqualTo("[Identified] Slow search. Searches take 10 s.\nWe will post again within 20 minutes.");
      assertThat(context.getBean(MessageTemplates.class).files())
          .containsEntry(MessageTemplate.STATUS_PAGE_UPDATE, dir.resolve("status-page-update.mustache").toString())
          .containsEntry(MessageTemplate.INITIAL_NOTIFICATION, "classpath:templates/messages/initial-notification.mustache");
    });
  }

  @Test
  void partialsChangedDelimitersAndListNamesOutsideAListAreRefusedWithTheLine() throws IOException {
    Path partial = write("closure-notice.mustache", "Closed: {{incidentId}}\n{{> footer}}\n");
    assertThatThrownBy(() -> new MessageTemplates(new TemplateProperties(dir)))
        .isInstanceOf(MessageTemplateException.class)
        .hasMessageStartingWith(partial + ", line 2: {{> footer}}: partials and blocks are not supported");
    Files.delete(partial);

    Path delimiters = write("closure-notice.mustache", "{{=<% %>=}}\nClosed: <% incidentId %>\n");
    assertThatThrownBy(() -> new MessageTemplates(new TemplateProperties(dir)))
        .hasMessageStartingWith(delimiters + ", line 1: {{=<% %>=}}: changing the delimiters is not supported");
    Files.delete(delimiters);

    Path first = write("post-mortem-published.mustache", "{{incidentId}}\n{{#-first}}first{{/-first}}\n");
    assertThatThrownBy(() -> new MessageTemplates(new TemplateProperties(dir)))
        .hasMessageStartingWith(first + ", line 2: {{#-first}} names '-first'");
  }

  @Test
  void aMissingDirectoryStopsStartUp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
        .withUserConfiguration(Templates.class)
        .withPropertyValues("runbook.templates.dir=" + dir.resolve("missing"))
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("runbook.templates.dir is not a directory"));
  }
}
