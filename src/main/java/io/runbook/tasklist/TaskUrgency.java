package io.runbook.tasklist;

import io.runbook.escalation.Sla;
import io.runbook.escalation.SlaClock;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentNotification;
import io.runbook.process.IncidentResponse;
import io.runbook.process.LegalReview;
import io.runbook.process.RunbookReview;
import io.runbook.process.SecurityReview;
import io.runbook.triage.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.springframework.stereotype.Service;

/**
 * What a runbook task shows in Tasklist: a due date (the SLA that applies to it), a priority from
 * the incident's severity and how far that SLA has escalated, and a name that starts with the
 * severity ("SEV-1 · Acknowledge and assess severity"), with "⚠ escalated L2" once the SLA the task
 * is due under has climbed the escalation path. The Incident Commander becomes the task's owner, so
 * the *My incidents as Incident Commander* filter lists every open task of their incidents (except
 * the need-to-know reviews). Computed, never stored: a changed severity or a new escalation level
 * recomputes every open task of the incident.
 */
@Service
public class TaskUrgency {

  /** Between the severity, the escalation marker and the model's task name. */
  public static final String SEPARATOR = " \u00b7 ";
  public static final String ESCALATED = "\u26a0 escalated L";
  /** A "Post status update" past its due time plus grace, escalated to the Incident Commander. */
  public static final String OVERDUE = "\u26a0 overdue, IC told";
  public static final String DRILL_PREFIX = "[DRILL] ";
  /** Legal decides on notification obligations; GDPR Art. 33 gives 72 hours from awareness. */
  static final Duration LEGAL_WINDOW = Duration.ofHours(72);
  /** The quarterly runbook review has no incident; two weeks from the quarter's start. */
  static final Duration RUNBOOK_REVIEW_WITHIN = Duration.ofDays(14);
  static final int RUNBOOK_REVIEW_PRIORITY = 40;
  /** Camunda's default; tasks without an incident keep it. */
  static final int DEFAULT_PRIORITY = 50;
  /** Each escalation level of the SLA a task is due under adds this to its priority. */
  static final int PER_LEVEL = 10;
  /** ACT_RU_TASK.NAME_ holds 255 characters. */
  static final int MAX_NAME = 255;

  private static final Pattern OUR_PREFIX =
      Pattern.compile("^(\\[DRILL\\] )?(SEV-\\d" + Pattern.quote(SEPARATOR) + ")?(" + Pattern.quote(ESCALATED) + "\\d+"
          + Pattern.quote(SEPARATOR) + ")?(" + Pattern.quote(OVERDUE + SEPARATOR) + ")?");

  /** The processes whose tasks belong to an incident. */
  static final Set<String> INCIDENT_PROCESSES = Set.of(IncidentResponse.PROCESS_KEY, IncidentMitigation.PROCESS_KEY,
      IncidentNotification.PROCESS_KEY, SecurityReview.PROCESS_KEY, LegalReview.PROCESS_KEY);
  /** Need-to-know: the Incident Commander reads these through /api/incidents/{id}/reviews, not as owner. */
  static final Set<String> NOT_OWNED_BY_COMMANDER =
      Set.of(SecurityReview.SECURITY_REVIEW, LegalReview.LEGAL_REVIEW, LegalReview.LEGAL_SIGN_OFF);

  /** Which clock a task is due under, if any. */
  enum Due {
    /** The acknowledgement SLA: report + the severity's response time. */
    ACKNOWLEDGEMENT,
    /** The resolution SLA: report + the severity's resolution target. */
    RESOLUTION,
    /** Something to do promptly once it appears: creation + the severity's response time. */
    RESPONSE_FROM_CREATION,
    /** The post-mortem's own due date ({@code postMortemDue}, 48 h after closing). */
    POST_MORTEM,
    /** The regulatory deadline set when Legal was brought in ({@code legalReviewDue}), else report + 72 hours. */
    LEGAL,
    /** When the last status update promised the next one ({@code statusUpdateDue}). */
    STATUS_UPDATE,
    /**
     * No due date: a standing task open until closing (*Re-assess severity*, *Incident log*) is a
     * tool to use when needed, never late, so it stays out of the *Overdue* filter.
     */
    NONE
  }

  /** What a task shows. */
  record Card(String name, int priority, Date due, String owner) {}

  private final SlaClock clock;

  public TaskUrgency(SlaClock clock) {
    this.clock = clock;
  }

  static Due dueUnder(String taskKey) {
    if (taskKey == null) {
      return Due.RESOLUTION;
    }
    return switch (taskKey) {
      case IncidentResponse.TRIAGE -> Due.ACKNOWLEDGEMENT;
      case IncidentResponse.STATUS_PAGE_UPDATE -> Due.STATUS_UPDATE;
      case IncidentNotification.DELIVER_BY_HAND -> Due.RESPONSE_FROM_CREATION;
      case IncidentResponse.POST_MORTEM -> Due.POST_MORTEM;
      case LegalReview.LEGAL_REVIEW -> Due.LEGAL;
      case IncidentResponse.REASSESS_SEVERITY, IncidentResponse.INCIDENT_LOG -> Due.NONE;
      default -> Due.RESOLUTION;
    };
  }

  /** The card of a task of an incident. {@code taskKey} null: the reporter's follow task. */
  Card card(String taskKey, String currentName, Instant created, IncidentFacts incident) {
    Due due = dueUnder(taskKey);
    int level = due == Due.ACKNOWLEDGEMENT ? incident.acknowledgementLevel()
        : due == Due.RESOLUTION ? incident.resolutionLevel() : 0;
    String base = baseName(currentName);
    boolean drill = incident.drill() || (currentName != null && currentName.startsWith(DRILL_PREFIX));
    boolean overdue = due == Due.STATUS_UPDATE && incident.statusUpdateMissed();
    String name = (drill ? DRILL_PREFIX : "") + incident.severity().code() + SEPARATOR
        + (level > 0 ? ESCALATED + level + SEPARATOR : "") + (overdue ? OVERDUE + SEPARATOR : "") + base;
    String owner = taskKey != null && !NOT_OWNED_BY_COMMANDER.contains(taskKey) ? incident.incidentCommander() : null;
    Instant deadline = deadline(due, created, incident);
    return new Card(cut(name), priority(incident.severity(), overdue ? 1 : level), deadline == null ? null : Date.from(deadline),
        owner);
  }

  /** The card of the quarterly runbook review: no incident, no severity. */
  static Card runbookReviewCard(String currentName, Instant created) {
    return new Card(currentName, RUNBOOK_REVIEW_PRIORITY, Date.from(created.plus(RUNBOOK_REVIEW_WITHIN)), null);
  }

  static int priority(Severity severity, int level) {
    int base = switch (severity) {
      case SEV1 -> 100;
      case SEV2 -> 75;
      case SEV3 -> 50;
      case SEV4 -> 25;
    };
    return base + PER_LEVEL * Math.max(0, level);
  }

  Instant deadline(Due due, Instant created, IncidentFacts incident) {
    Instant reported = incident.reportedAt() != null ? incident.reportedAt() : created;
    double scale = incident.timeScale();
    Severity severity = incident.severity();
    return switch (due) {
      case ACKNOWLEDGEMENT -> reported.plus(SlaClock.scaled(clock.target(Sla.ACKNOWLEDGEMENT, severity), scale));
      case RESOLUTION -> reported.plus(SlaClock.scaled(clock.target(Sla.RESOLUTION, severity), scale));
      case RESPONSE_FROM_CREATION -> created.plus(SlaClock.scaled(clock.target(Sla.ACKNOWLEDGEMENT, severity), scale));
      case POST_MORTEM -> incident.postMortemDue() != null ? incident.postMortemDue()
          : reported.plus(SlaClock.scaled(clock.target(Sla.RESOLUTION, severity), scale));
      case LEGAL -> incident.legalReviewDue() != null ? incident.legalReviewDue()
          : reported.plus(SlaClock.scaled(LEGAL_WINDOW, scale));
      case STATUS_UPDATE -> incident.statusUpdateDue() != null ? incident.statusUpdateDue()
          : created.plus(SlaClock.scaled(clock.target(Sla.ACKNOWLEDGEMENT, severity), scale));
      case NONE -> null;
    };
  }

  /** The model's name of a task, without what this class and the drill marker put in front of it. */
  static String baseName(String name) {
    if (name == null) {
      return "";
    }
    Matcher prefix = OUR_PREFIX.matcher(name);
    return prefix.lookingAt() ? name.substring(prefix.end()) : name;
  }

  /**
   * Writes the card onto the task; unchanged values are not written again (every write is a row of
   * the history). Works in a create listener and on a task of the same command (the engine flushes
   * the change and records it in history when the command ends; no user operation is logged).
   *
   * @return whether anything changed
   */
  static boolean apply(TaskEntity task, Card card) {
    boolean changed = false;
    if (!Objects.equals(task.getName(), card.name())) {
      task.setName(card.name());
      changed = true;
    }
    if (task.getPriority() != card.priority()) {
      task.setPriority(card.priority());
      changed = true;
    }
    if (!Objects.equals(millis(task.getDueDate()), millis(card.due()))) {
      task.setDueDate(card.due());
      changed = true;
    }
    if (card.owner() != null && !card.owner().equals(task.getOwner())) {
      task.setOwner(card.owner());
      changed = true;
    }
    return changed;
  }

  private static Long millis(Date date) {
    return date == null ? null : date.getTime();
  }

  private static String cut(String name) {
    return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "\u2026";
  }
}
