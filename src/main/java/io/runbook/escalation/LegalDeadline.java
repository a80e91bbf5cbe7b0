package io.runbook.escalation;

import io.runbook.communication.Notifications;
import io.runbook.communication.Recipient;
import io.runbook.process.ProcessVariables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;

/**
 * Legal's regulatory deadline on a suspected data breach ({@link DataBreachProperties}): set when
 * Legal is brought in, counted from the moment the breach was suspected; Legal reminded before it,
 * the top of the escalation path (the CTO) told when it is near, Legal asked to sign off when the
 * incident waits to be closed. Messages go through the outbox ({@link Notifications}) and every one
 * is a row of the {@link EscalationLog} (kind {@code deadline}). Need-to-know: the messages carry
 * the incident's own facts and the deadline, never anything Legal wrote.
 */
@Service
public class LegalDeadline {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final DataBreachProperties settings;
  private final ContactDirectory contacts;
  private final Recipients recipients;
  private final Notifications notifications;
  private final EscalationLog log;

  public LegalDeadline(DataBreachProperties settings, ContactDirectory contacts, Recipients recipients,
      Notifications notifications, EscalationLog log) {
    if (settings.escalateTo() != null && contacts.contact(settings.escalateTo()) == null) {
      throw new IllegalArgumentException("runbook.data-breach.escalate-to names '" + settings.escalateTo()
          + "', which is not a key of runbook.contacts " + contacts.contacts().keySet().stream().sorted().toList());
    }
    this.settings = settings;
    this.contacts = contacts;
    this.recipients = recipients;
    this.notifications = notifications;
    this.log = log;
  }

  /**
   * Legal is brought in: records when the breach was suspected (now, unless already recorded) and
   * sets the deadline, the two reminders and the escalation, scaled down in a drill.
   */
  public void start(DelegateExecution incident) {
    Instant suspected = instant(incident.getVariable(ProcessVariables.BREACH_SUSPECTED_AT));
    if (suspected == null) {
      suspected = now();
      incident.setVariable(ProcessVariables.BREACH_SUSPECTED_AT, Date.from(suspected));
    }
    double scale = SlaSnapshot.timeScale(incident);
    Instant due = suspected.plus(SlaClock.scaled(settings.deadline(), scale));
    incident.setVariable(ProcessVariables.LEGAL_REVIEW_DUE, Date.from(due));
    incident.setVariable(ProcessVariables.LEGAL_FIRST_REMINDER_AT,
        Date.from(due.minus(SlaClock.scaled(settings.firstReminderBefore(), scale))));
    incident.setVariable(ProcessVariables.LEGAL_SECOND_REMINDER_AT,
        Date.from(due.minus(SlaClock.scaled(settings.secondReminderBefore(), scale))));
    incident.setVariable(ProcessVariables.LEGAL_CTO_ESCALATION_AT,
        Date.from(due.minus(SlaClock.scaled(settings.escalateBefore(), scale))));
  }

  /** A reminder timer fired: Legal has not finished its review. */
  public void remind(DelegateExecution incident) {
    Instant due = due(incident);
    String left = left(due);
    ContactDirectory.Contact legal = legal();
    tell(incident, contacts.escalation().dataBreach(), due,
        "legal deadline in " + left,
        "Reminder: a data breach is suspected on this incident and " + legal.role() + "'s review is due " + TIME.format(due)
            + " (" + left + " from now; GDPR Art. 33: 72 hours from awareness to notify the supervisory authority). The"
            + " Legal / Compliance review task is waiting in Tasklist.",
        "legal deadline in " + left + ": reminded " + legal.role());
  }

  /** The escalation timer fired: the deadline is near and Legal has not finished; the CTO is told. */
  public void escalate(DelegateExecution incident) {
    Instant due = due(incident);
    String left = left(due);
    String key = escalationContact();
    ContactDirectory.Contact to = contacts.contact(key);
    ContactDirectory.Contact legal = legal();
    tell(incident, key, due,
        "legal deadline in " + left + ", escalated to " + to.role(),
        "A data breach is suspected on this incident and " + legal.role() + " has not completed its review, due "
            + TIME.format(due) + " (" + left + " from now; GDPR Art. 33: 72 hours from awareness to notify the supervisory"
            + " authority). You are told as " + to.role() + ", the top of the escalation path (" + contacts.pathText()
            + "): make sure " + legal.role() + " decides in time.",
        "legal deadline in " + left + ": told " + to.role());
  }

  /** The incident waits to be closed and Legal has not signed off: Legal is asked to. */
  public void askForSignOff(DelegateExecution incident) {
    ContactDirectory.Contact legal = legal();
    Instant due = instant(incident.getVariable(ProcessVariables.LEGAL_REVIEW_DUE));
    tell(incident, contacts.escalation().dataBreach(), due,
        "closing waits for " + legal.role() + "'s sign-off",
        "The fix is verified and the incident is ready to be closed, but a data breach was suspected and " + legal.role()
            + " has not signed off. The ticket closes as soon as you rule the breach out or sign off in Tasklist"
            + " (Legal / Compliance review, then Legal sign-off).",
        "closing waits: asked " + legal.role() + " to sign off");
  }

  /** Legal's review ended (ruled out or signed off): the closing gate may open. */
  public void signedOff(DelegateExecution incident) {
    incident.setVariable(ProcessVariables.LEGAL_SIGN_OFF_AT, Date.from(now()));
  }

  private String escalationContact() {
    return settings.escalateTo() != null ? settings.escalateTo() : contacts.escalation().path().get(contacts.levels() - 1);
  }

  private ContactDirectory.Contact legal() {
    return contacts.contact(contacts.escalation().dataBreach());
  }

  private void tell(DelegateExecution incident, String contactKey, Instant due, String headline, String reason, String note) {
    Recipient recipient = recipients.of(contacts.contact(contactKey));
    List<Notifications.Dispatched> sent = notifications.send(incident, recipient, headline, reason);
    List<String> to = sent.stream().flatMap(d -> d.to().stream()).distinct().toList();
    log.record(incident, now(), EscalationLog.Kind.DEADLINE, null, null, recipient.role(),
        SlaSnapshot.effectiveSeverity(incident).code(), due, to, sent.stream().map(Notifications.Dispatched::id).toList(),
        note + (to.isEmpty() ? "" : " \u2014 " + String.join(", ", to)));
  }

  private static Instant due(DelegateExecution incident) {
    Instant due = instant(incident.getVariable(ProcessVariables.LEGAL_REVIEW_DUE));
    return due != null ? due : now();
  }

  /** "24 hours", "5 hours 59 minutes", "overdue by 2 hours". */
  static String left(Instant due) {
    Duration left = Duration.between(now(), due);
    boolean overdue = left.isNegative();
    Duration abs = left.abs();
    long hours = abs.toHours();
    long minutes = abs.toMinutesPart();
    String text = (hours > 0 ? hours + (hours == 1 ? " hour" : " hours") : "")
        + (minutes > 0 ? (hours > 0 ? " " : "") + minutes + (minutes == 1 ? " minute" : " minutes") : "");
    if (text.isEmpty()) {
      text = abs.toSeconds() + " seconds";
    }
    return overdue ? "overdue by " + text : text;
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  private static Instant instant(Object value) {
    return value instanceof Date date ? date.toInstant() : null;
  }
}
