package io.runbook.escalation;

import io.runbook.communication.Notifications;
import io.runbook.communication.Recipient;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.triage.Severity;
import io.runbook.triage.SeverityCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * Who is told what, and when: the on-call is paged for a new incident, Security and
 * Legal/Compliance are brought in by routing, and an SLA breach tells the next level of the
 * escalation path (or reminds the on-call where the runbook does not escalate). Everything lands in
 * the {@link EscalationLog}.
 */
@Service
public class Escalation {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final SlaClock clock;
  private final ContactDirectory contacts;
  private final Recipients recipients;
  private final Notifications notifications;
  private final EscalationLog log;
  private final SeverityCatalogue catalogue;

  public Escalation(SlaClock clock, ContactDirectory contacts, Recipients recipients, Notifications notifications,
      EscalationLog log, SeverityCatalogue catalogue) {
    this.catalogue = catalogue;
    this.clock = clock;
    this.contacts = contacts;
    this.recipients = recipients;
    this.notifications = notifications;
    this.log = log;
  }

  /** A new incident waits for triage: the developer on call is paged. */
  public void pageOnCall(DelegateExecution incident) {
    pageOnCall(incident, null);
  }

  /** As {@link #pageOnCall(DelegateExecution)}, from the create listener of the triage task being created. */
  public void pageOnCall(DelegateExecution incident, DelegateTask triage) {
    SlaSnapshot sla = SlaSnapshot.of(incident, Sla.ACKNOWLEDGEMENT);
    Severity severity = sla.severity();
    String within = within(clock.target(Sla.ACKNOWLEDGEMENT, severity), sla.timeScale());
    boolean informsNow = catalogue.level(severity).informsAtOnce() && sla.levelsNotified() == 0
        && !Boolean.TRUE.equals(incident.getVariable(ProcessVariables.ACKNOWLEDGED));
    String next = !clock.climbs(Sla.ACKNOWLEDGEMENT, severity)
        ? "the breach is recorded (" + severity.code() + " escalates " + escalationWord(severity) + ")"
        : informsNow && contacts.levels() > 1
            ? contacts.level(2).role() + " is told next (" + contacts.level(1).role() + " is told now, with you)"
            : contacts.level(1).role() + " is told next";
    String reason = "New " + severity.code() + " incident from " + incident.getVariable(ProcessVariables.SOURCE)
        + ". Acknowledge it within " + within + ": claim the triage task in Tasklist or acknowledge it in your"
        + " alerting tool. If nobody does, " + next + ".";
    tell(incident, contacts.escalation().onCall(), EscalationLog.Kind.PAGE, null, null, severity, null,
        "new incident, acknowledge within " + within, reason,
        severity.code() + " incident opened: paged " + contacts.contact(contacts.escalation().onCall()).role());
    if (informsNow) {
      informFirstLevel(incident, triage, sla, "new " + severity.code() + " incident, informed at once",
          "New " + severity.code() + " incident from " + incident.getVariable(ProcessVariables.SOURCE)
              + ". The runbook's escalation for " + severity.code() + " is '" + catalogue.level(severity).escalation()
              + "': you are informed at once, together with the on-call.");
    }
  }

  /**
   * The runbook's escalation column before any breach: the first level of the path (Team Lead) is
   * told, its group is offered the triage task, and the acknowledgement clock counts that level as
   * told, so the breach at the response time tells the next one.
   */
  private void informFirstLevel(DelegateExecution incident, DelegateTask triage, SlaSnapshot sla, String headline, String reason) {
    Severity severity = sla.severity();
    ContactDirectory.Contact first = contacts.level(1);
    String next = contacts.levels() > 1
        ? " If nobody acknowledges within " + within(clock.target(Sla.ACKNOWLEDGEMENT, severity), sla.timeScale()) + " of the report, "
            + contacts.level(2).role() + " is told next."
        : "";
    Instant due = clock.earlyDue(Sla.ACKNOWLEDGEMENT, severity, sla.start(), sla.timeScale()).orElse(null);
    tell(incident, contacts.escalation().path().get(0), EscalationLog.Kind.INFORM, Sla.ACKNOWLEDGEMENT, 1, severity, due,
        headline, reason + next + (first.group() != null ? " The triage task is offered to you in Tasklist." : ""),
        severity.code() + " escalation '" + catalogue.level(severity).escalation() + "': told " + first.role()
            + " (level 1 of " + contacts.levels() + ")");
    if (first.group() != null && triage != null) {
      triage.addCandidateGroup(first.group()); // the task being created is not in the database yet
    } else if (first.group() != null) {
      offerTriageTo(incident, first.group());
    }
    incident.setVariable(ProcessVariables.ACK_LEVEL, Math.max(1, sla.levelsNotified()));
  }

  /**
   * A re-triage raised the severity to one that escalates at once (SEV-1): the first level of the
   * path (Team Lead) is told now, whatever the acknowledgement clock did.
   */
  public void informOnRaise(DelegateExecution incident, Severity from, Severity to, String by, String why) {
    ContactDirectory.Contact first = contacts.level(1);
    tell(incident, contacts.escalation().path().get(0), EscalationLog.Kind.INFORM, null, 1, to, null,
        "raised from " + from.code() + " to " + to.code() + ", informed at once",
        "The incident was raised from " + from.code() + " to " + to.code() + " by " + by + ": " + why
            + ". The runbook's escalation for " + to.code() + " is '" + catalogue.level(to).escalation()
            + "': you are informed at once.",
        "raised to " + to.code() + ": told " + first.role() + " at once");
  }

  /** Records a re-triage in the escalation history and tells {@code recipient} (e.g. the Incident Commander). */
  public void retriaged(DelegateExecution incident, Recipient recipient, Severity severity, String headline, String reason,
      String note) {
    List<Notifications.Dispatched> sent = recipient == null ? List.of()
        : List.of(notifications.sendToPerson(incident, recipient, headline, reason));
    List<String> to = sent.stream().flatMap(d -> d.to().stream()).distinct().toList();
    log.record(incident, ClockUtil.getCurrentTime().toInstant(), EscalationLog.Kind.RETRIAGE, null, null,
        recipient == null ? "-" : recipient.role(), severity.code(), null, to,
        sent.stream().map(Notifications.Dispatched::id).toList(), note + (to.isEmpty() ? "" : " \u2014 " + String.join(", ", to)));
  }

  /**
   * The incident a review task belongs to: the review runs as a process of its own (security-review,
   * legal-review) called by the incident process, which passes in only what the review form shows.
   * What the message needs (severity, affected systems, Incident Commander, channel) and where the
   * escalation is logged ({@code lastEscalation}) is the incident's, so the listener works on the
   * calling execution. A review process started on its own works on itself.
   */
  public static DelegateExecution incidentOf(DelegateTask review) {
    DelegateExecution caller = review.getExecution().getProcessInstance().getSuperExecution();
    return caller != null ? caller : review.getExecution();
  }

  /** The incident is security-related: the Security contact is told, once per incident. */
  public void notifySecurity(DelegateExecution incident) {
    ContactDirectory.Contact security = contacts.contact(contacts.escalation().security());
    if (log.has((String) incident.getVariable(ProcessVariables.INCIDENT_ID), EscalationLog.Kind.ROUTE, security.role())) {
      return;
    }
    Severity severity = SlaSnapshot.effectiveSeverity(incident);
    tell(incident, contacts.escalation().security(), EscalationLog.Kind.ROUTE, null, null, severity, null,
        "security-related, " + security.role() + " informed",
        "This incident is security-related. " + security.role()
            + " is informed and has a Security review task in Tasklist (runbook escalation path: Security Team if"
            + " security-related).",
        "security-related: told " + security.role());
  }

  /** A data breach is suspected: Legal/Compliance is told; their review task exists beside this. */
  public void notifyLegal(DelegateExecution incident) {
    ContactDirectory.Contact legal = contacts.contact(contacts.escalation().dataBreach());
    if (log.has((String) incident.getVariable(ProcessVariables.INCIDENT_ID), EscalationLog.Kind.ROUTE, legal.role())) {
      return;
    }
    Severity severity = SlaSnapshot.effectiveSeverity(incident);
    tell(incident, contacts.escalation().dataBreach(), EscalationLog.Kind.ROUTE, null, null, severity, null,
        "data breach suspected, " + legal.role() + " review requested",
        "A data breach is suspected. " + legal.role() + " is asked to decide on notification obligations and has a"
            + " Legal / Compliance review task in Tasklist (runbook escalation path: Legal/Compliance if data breach).",
        "data breach suspected: told " + legal.role());
  }

  /**
   * The SLA's timer fired: records the breach and tells the next level of the path, or reminds the
   * on-call when this severity does not escalate this SLA.
   */
  public void breach(DelegateExecution incident, Sla sla) {
    SlaSnapshot state = SlaSnapshot.of(incident, sla);
    Severity severity = state.severity();
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Date due = (Date) incident.getVariable(sla == Sla.ACKNOWLEDGEMENT ? ProcessVariables.ACK_DUE : ProcessVariables.RESOLUTION_DUE);
    String within = within(clock.target(sla, severity), state.timeScale());
    String missed = severity.code() + (sla == Sla.ACKNOWLEDGEMENT ? " not acknowledged within " : " not resolved within ")
        + within;
    boolean climbs = clock.climbs(sla, severity);
    boolean beforeBreach = !state.breached() && now.isBefore(clock.breachAt(sla, severity, state.start(), state.timeScale()));
    if (beforeBreach) {
      if (state.levelsNotified() < clock.earlyLevels(sla, severity)) {
        // The runbook's escalation column ("Within 30 min"): the first level hears of it before the breach.
        boolean atOnce = catalogue.level(severity).informsAtOnce();
        String after = within(catalogue.level(severity).firstEscalationAfter(), state.timeScale());
        informFirstLevel(incident, null, state,
            atOnce ? "now " + severity.code() + ", not acknowledged: " + contacts.level(1).role() + " informed at once"
                : "not acknowledged after " + after + ", escalated to " + contacts.level(1).role(),
            (atOnce ? "The incident is now " + severity.code() + " and nobody has acknowledged it yet."
                : severity.code() + " incident not acknowledged " + after + " after the report.")
                + " The runbook's escalation for " + severity.code() + " is '" + catalogue.level(severity).escalation()
                + "', so you are told now.");
      }
      // else: a timer armed before the level was told (the page told it at once); the clock is armed again.
      return;
    }
    int level = climbs ? Math.min(state.levelsNotified() + 1, contacts.levels()) : 0;
    String contactKey = level == 0 ? contacts.escalation().onCall() : contacts.escalation().path().get(level - 1);
    ContactDirectory.Contact contact = contacts.contact(contactKey);

    String reason;
    String headline;
    String note;
    if (level == 0) {
      headline = missed.substring(severity.code().length() + 1) + " (reminder)";
      reason = missed + (due == null ? "" : " (due " + TIME.format(due.toInstant()) + ")") + ". The runbook escalates "
          + severity.code() + " " + escalationWord(severity) + ", so this is a reminder to " + contact.role() + ".";
      note = missed + ": reminded " + contact.role() + " (no escalation for " + severity.code() + ")";
    } else {
      boolean top = level == contacts.levels();
      String following = top
          ? "This is the top of the escalation path."
          : contacts.level(level + 1).role() + " is told in " + within(clock.interval(severity), state.timeScale())
              + (sla == Sla.ACKNOWLEDGEMENT ? " unless someone acknowledges." : " unless the incident is closed.");
      headline = missed.substring(severity.code().length() + 1) + ", escalated to " + contact.role();
      reason = missed + (due == null ? "" : " (due " + TIME.format(due.toInstant()) + ")") + ". You are told as "
          + contact.role() + ", escalation level " + level + " of " + contacts.levels() + " (" + contacts.pathText()
          + "). " + following
          + (sla == Sla.ACKNOWLEDGEMENT && contact.group() != null ? " The triage task is now offered to you in Tasklist." : "");
      note = missed + ": told " + contact.role() + " (level " + level + " of " + contacts.levels() + ")";
      if (sla == Sla.ACKNOWLEDGEMENT && contact.group() != null) {
        offerTriageTo(incident, contact.group());
      }
    }
    tell(incident, contactKey, EscalationLog.Kind.BREACH, sla, level, severity, due == null ? null : due.toInstant(),
        headline, reason, note);

    if (!state.breached()) {
      incident.setVariable(sla == Sla.ACKNOWLEDGEMENT ? ProcessVariables.ACK_BREACHED_AT : ProcessVariables.RESOLUTION_BREACHED_AT, Date.from(now));
    }
    incident.setVariable(sla == Sla.ACKNOWLEDGEMENT ? ProcessVariables.ACK_LEVEL : ProcessVariables.RESOLUTION_LEVEL, Math.max(level, state.levelsNotified()));
  }

  private void tell(
      DelegateExecution incident,
      String contactKey,
      EscalationLog.Kind kind,
      Sla sla,
      Integer level,
      Severity severity,
      Instant due,
      String headline,
      String reason,
      String note) {
    Recipient recipient = recipients.of(contacts.contact(contactKey));
    List<Notifications.Dispatched> sent = notifications.send(incident, recipient, headline, reason);
    List<String> to = sent.stream().flatMap(d -> d.to().stream()).distinct().toList();
    log.record(incident, ClockUtil.getCurrentTime().toInstant(), kind, sla, level, recipient.role(), severity.code(), due,
        to, sent.stream().map(Notifications.Dispatched::id).toList(),
        note + (to.isEmpty() ? "" : " \u2014 " + String.join(", ", to)));
  }

  /** The escalated level can pick up triage in Tasklist: its group becomes a candidate of the open triage task. */
  private static void offerTriageTo(DelegateExecution incident, String group) {
    TaskService tasks = incident.getProcessEngineServices().getTaskService();
    for (Task triage : tasks.createTaskQuery().processInstanceId(incident.getProcessInstanceId())
        .taskDefinitionKey(IncidentResponse.TRIAGE).active().list()) {
      tasks.addCandidateGroup(triage.getId(), group);
    }
  }

  /** "15 minutes", or "15 minutes (5 seconds in this drill)". */
  private static String within(Duration duration, double timeScale) {
    String real = SeverityCatalogue.humanize(duration);
    return timeScale == 1 ? real : real + " (" + SeverityCatalogue.humanize(SlaClock.scaled(duration, timeScale)) + " in this drill)";
  }

  private String escalationWord(Severity severity) {
    return clock.interval(severity) == null ? "never (None)" : "only if unresolved";
  }
}
