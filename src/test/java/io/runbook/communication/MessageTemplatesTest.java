package io.runbook.communication;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.ProcessVariables;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every template, rendered with what the product knows at each moment (nothing yet, part of it,
 * everything, a drill), reads as finished text: no runbook placeholder such as {@code [Systems/Users]}
 * or {@code @[name]}, no Mustache tag, and the words "not yet …" where a value is not known.
 */
@Tag("unit")
class MessageTemplatesTest {

  /** A runbook placeholder: [Brief Description], [Systems/Users], [name], [id], [X], SEV-X ... ("[DRILL]" is a real marker). */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[(?!DRILL\\])[^\\]\\n]*\\]|SEV-X|@\\[|\\{\\{|\\}\\}");

  private final IncidentMessages messages =
      new IncidentMessages(new MessageTemplates(new TemplateProperties(null)), notify(URI.create("http://localhost:8080/camunda/app/tasklist/")));

  static NotifyProperties notify(URI tasklist) {
    return new NotifyProperties("runbook@localhost", null, null, NotifyProperties.TeamsFormat.ADAPTIVE_CARD, "PT10S", Duration.ofSeconds(10), tasklist,
        new NotifyProperties.Dispatch(true, Duration.ofSeconds(30), 4));
  }

  /** The incident's variables, as a process would answer them. */
  private static Function<String, Object> incident(Map<String, Object> variables) {
    return variables::get;
  }

  /** Nothing known but the id (a report without title, before triage). */
  private static final Map<String, Object> EMPTY = Map.of(ProcessVariables.INCIDENT_ID, "INC-2026-0007");

  /** At registration from an alert: proposed severity, systems, channel. */
  private static final Map<String, Object> PARTIAL = Map.of(
      ProcessVariables.INCIDENT_ID, "INC-2026-0007",
      ProcessVariables.TITLE, "Checkout is failing",
      ProcessVariables.PROPOSED_SEVERITY, "SEV-2",
      ProcessVariables.AFFECTED_SYSTEMS, "checkout-api",
      ProcessVariables.CHANNEL, "#incident-inc-2026-0007");

  /** After triage and team assembly. */
  private static Map<String, Object> full() {
    return Map.ofEntries(
        Map.entry(ProcessVariables.INCIDENT_ID, "INC-2026-0007"),
        Map.entry(ProcessVariables.TITLE, "Checkout is failing"),
        Map.entry(ProcessVariables.PROPOSED_SEVERITY, "SEV-2"),
        Map.entry(ProcessVariables.SEVERITY, "SEV-1"),
        Map.entry(ProcessVariables.STATUS, "Resolved"),
        Map.entry(ProcessVariables.AFFECTED_SYSTEMS, "checkout-api, payments"),
        Map.entry(ProcessVariables.AFFECTED_USERS, "all EU customers"),
        Map.entry(ProcessVariables.INCIDENT_COMMANDER, "lead"),
        Map.entry(ProcessVariables.CHANNEL, "#incident-inc-2026-0007"),
        Map.entry(ProcessVariables.ROOT_CAUSE, "Expired TLS certificate on the payment gateway"),
        Map.entry(ProcessVariables.REPORTED_AT, Date.from(java.time.Instant.parse("2026-12-01T09:14:00Z"))),
        Map.entry(ProcessVariables.CLOSED_AT, Date.from(java.time.Instant.parse("2026-12-01T11:19:00Z"))),
        Map.entry(ProcessVariables.POST_MORTEM_REQUIRED, true),
        Map.entry(ProcessVariables.POST_MORTEM_DUE, Date.from(java.time.Instant.parse("2026-12-03T11:19:00Z"))));
  }

  private static Map<String, Object> drill(Map<String, Object> variables) {
    Map<String, Object> drill = new java.util.HashMap<>(variables);
    drill.put(ProcessVariables.DRILL, true);
    drill.computeIfPresent(ProcessVariables.TITLE, (k, title) -> "[DRILL] " + title);
    return drill;
  }

  /** Every template rendered with one model. */
  private List<String> everyTemplate(Map<String, Object> variables, String headline, String reason) {
    Function<String, Object> incident = incident(variables);
    InitialNotification known = InitialNotification.of(incident);
    List<String> texts = new ArrayList<>();
    texts.add(messages.initialNotification(InitialNotification.of(incident)));
    NotificationMessage page = messages.aboutIncident(known, headline, reason);
    texts.add(page.subject());
    texts.add(page.body());
    NotificationMessage closure = messages.closureNotice(ClosureNotice.of(incident));
    texts.add(closure.subject());
    texts.add(closure.body());
    return texts;
  }

  @Test
  void theCheckRecognisesTheRunbooksOwnPlaceholders() {
    // The runbook's two templates as written: every placeholder in them is caught.
    for (String placeholder : List.of("INCIDENT: [Brief Description]", "Severity: SEV-X", "Affected: [Systems/Users]",
        "IC: @[name]", "Channel: #incident-[id]", "[Investigating/Identified/Monitoring/Resolved]",
        "Next update in [X] minutes.", "Post-Mortem: [INCIDENT-ID]", "{{title}}")) {
      assertThat(PLACEHOLDER.matcher(placeholder).find()).as(placeholder).isTrue();
    }
    assertThat(PLACEHOLDER.matcher("[DRILL] This is a practice incident (drill).").find()).isFalse();
  }

  private static void assertFinished(String text) {
    assertThat(text).isNotBlank();
    assertThat(PLACEHOLDER.matcher(text).find()).as("placeholder or tag left in:\n%s", text).isFalse();
  }

  @Test
  void everyTemplateReadsAsFinishedTextWithNothingPartOrEverythingKnown() {
    List<String> texts = new ArrayList<>();
    for (Map<String, Object> variables : List.of(EMPTY, PARTIAL, full(), drill(PARTIAL), drill(full()))) {
      texts.addAll(everyTemplate(variables, "new incident, acknowledge within 15 minutes", "New incident. Acknowledge it."));
      texts.addAll(everyTemplate(variables, null, null));
    }
    for (StatusPageUpdate.Status status : StatusPageUpdate.Status.values()) {
      texts.add(messages.statusPageUpdate(StatusPageUpdate.of(status, null, null, null)));
      texts.add(messages.statusPageUpdate(StatusPageUpdate.of(status, "failed payments at checkout", "Card payments fail", 30)));
    }
    for (PostMortemPublished notice : List.of(
        new PostMortemPublished("INC-2026-0007", null, null, null, null, null, null, null, false),
        postMortem(false), postMortem(true))) {
      NotificationMessage message = messages.postMortemPublished(notice);
      texts.add(message.subject());
      texts.add(message.body());
    }
    // Every template took part.
    assertThat(texts).hasSizeGreaterThan(MessageTemplate.values().length);
    texts.forEach(MessageTemplatesTest::assertFinished);
  }

  private static PostMortemPublished postMortem(boolean drill) {
    return new PostMortemPublished("INC-2026-0007", "Checkout is failing", "SEV-1", "Payments failed for 2 hours.",
        "Expired TLS certificate", 1200, 125,
        List.of(new PostMortemPublished.ActionItem("Alert on certificate expiry", "lead", "2026-12-15"),
            new PostMortemPublished.ActionItem("Automate renewal", "responder", "2026-12-31")), drill);
  }

  @Test
  void beforeTriageTheNotificationSaysWhatIsNotKnownYet() {
    assertThat(messages.initialNotification(InitialNotification.of(incident(PARTIAL)))).isEqualTo("""
        \uD83D\uDEA8 INCIDENT: Checkout is failing
        Severity: SEV-2 (proposed, triage has not decided yet)
        Status: Investigating
        Affected systems: checkout-api
        Affected users: not yet known
        IC: not yet assigned
        Channel: #incident-inc-2026-0007""");
    assertThat(messages.initialNotification(InitialNotification.of(incident(EMPTY))))
        .contains("INCIDENT: no description yet", "Severity: not yet assessed", "Channel: not yet created");
  }

  @Test
  void onceKnownTheNotificationNamesSystemsUsersIncidentCommanderAndChannel() {
    assertThat(messages.initialNotification(InitialNotification.of(incident(full())))).isEqualTo("""
        \uD83D\uDEA8 INCIDENT: Checkout is failing
        Severity: SEV-1
        Status: Resolved
        Affected systems: checkout-api, payments
        Affected users: all EU customers
        IC: @lead
        Channel: #incident-inc-2026-0007""");
  }

  @Test
  void aPageSaysWhyOnTopThenTheIncidentThenWhereToAct() {
    NotificationMessage page = messages.aboutIncident(InitialNotification.of(incident(drill(PARTIAL))),
        "new incident, acknowledge within 15 minutes", "New SEV-2 incident from monitoring. Acknowledge it within 1 hour.");
    assertThat(page.subject())
        .isEqualTo("[DRILL] \uD83D\uDEA8 INC-2026-0007 SEV-2 Checkout is failing: new incident, acknowledge within 15 minutes");
    assertThat(page.body()).isEqualTo("""
        [DRILL] This is a practice incident (drill). Nothing is broken.
        New SEV-2 incident from monitoring. Acknowledge it within 1 hour.

        \uD83D\uDEA8 [DRILL] INCIDENT: Checkout is failing
        Severity: SEV-2 (proposed, triage has not decided yet)
        Status: Investigating
        Affected systems: checkout-api
        Affected users: not yet known
        IC: not yet assigned
        Channel: #incident-inc-2026-0007

        Incident ticket: INC-2026-0007
        Tasklist: http://localhost:8080/camunda/app/tasklist/""");
  }

  @Test
  void statusPageUpdatesFollowTheRunbooksTemplateForEachStatus() {
    assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.INVESTIGATING,
        "failed payments at checkout", "Card payments fail for about 30% of customers.", 30))).isEqualTo("""
        Investigating

        We are currently investigating failed payments at checkout.

        Impact: Card payments fail for about 30% of customers.

        Next update in 30 minutes.""");
    assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.IDENTIFIED, "failed payments", "Some fail", 15)))
        .startsWith("Identified\n\nWe have identified the cause of failed payments and are working on a fix.\n\nImpact: Some fail")
        .endsWith("Next update in 15 minutes.");
    assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.MONITORING, "failed payments", "None now", 60)))
        .contains("A fix for failed payments is in place and we are monitoring the results.");
    // Resolved promises no next update.
    assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.RESOLVED, "failed payments", "None", 30)))
        .isEqualTo("Resolved\n\nThe incident with failed payments has been resolved.\n\nImpact: None");
    assertThat(messages.statusPageUpdate(StatusPageUpdate.of(StatusPageUpdate.Status.INVESTIGATING, null, null, null)))
        .isEqualTo("Investigating\n\nWe are currently investigating an issue.\n\nImpact: not yet known");
  }

  @Test
  void theClosureNoticeSaysHowLongItLastedAndWhatFollows() {
    NotificationMessage notice = messages.closureNotice(ClosureNotice.of(incident(full())));
    assertThat(notice.subject()).isEqualTo("\u2705 INC-2026-0007 SEV-1 Checkout is failing: resolved and closed");
    assertThat(notice.body())
        .contains("Opened: 2026-12-01 09:14 UTC\nClosed: 2026-12-01 11:19 UTC (open 2 h 5 min)")
        .contains("Root cause: Expired TLS certificate on the payment gateway")
        .contains("IC: @lead")
        .endsWith("A post-mortem follows, due 2026-12-03 11:19 UTC.");
  }

  @Test
  void thePostMortemNoticeListsItsActionItems() {
    NotificationMessage notice = messages.postMortemPublished(postMortem(false));
    assertThat(notice.subject()).isEqualTo("\uD83D\uDCDD INC-2026-0007 post-mortem published: Checkout is failing");
    assertThat(notice.body())
        .startsWith("The post-mortem of INC-2026-0007 (SEV-1), \"Checkout is failing\", is published.")
        .endsWith("Action items:\n- Alert on certificate expiry - lead - due 2026-12-15\n- Automate renewal - responder - due 2026-12-31");
    assertThat(messages.postMortemPublished(new PostMortemPublished("INC-2026-0007", null, null, null, null, null, null, null, false)).body())
        .endsWith("Action items:\n- none");
  }
}
