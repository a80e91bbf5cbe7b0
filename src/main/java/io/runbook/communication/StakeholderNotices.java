package io.runbook.communication;

import io.runbook.process.ProcessVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/**
 * Tells the people around an incident what they need to know, all through the outbox
 * ({@link Notifications}), so an SMTP or chat outage delays a message but loses none:
 * <ul>
 *   <li>the stakeholders of the incident's severity ({@link StakeholderProperties}): the initial
 *       notification after triage, a change of severity, every update posted to the public status
 *       page, the closure notice, the published post-mortem (after a lowering: those of the highest
 *       severity it had);
 *   <li>each person named at team assembly: their role, its responsibility and the rest of the team;
 *   <li>the Incident Commander, when a promised status update was not posted in time.
 * </ul>
 */
@Service
public class StakeholderNotices {

  /** The runbook's roles table, in its order: variable, role, responsibility. */
  private static final List<String[]> ROLES = List.of(
      new String[] {ProcessVariables.INCIDENT_COMMANDER, "Incident Commander", "overall coordination, decisions"},
      new String[] {ProcessVariables.TECHNICAL_LEAD, "Technical Lead", "investigation, implementation"},
      new String[] {ProcessVariables.COMMUNICATIONS_LEAD, "Communications", "status updates, stakeholder comms"},
      new String[] {ProcessVariables.SCRIBE, "Scribe", "documentation, timeline"});

  private final StakeholderProperties stakeholders;
  private final Notifications notifications;
  private final IncidentMessages messages;
  private final IdentityService identity;

  public StakeholderNotices(StakeholderProperties stakeholders, Notifications notifications, IncidentMessages messages,
      IdentityService identity) {
    this.stakeholders = stakeholders;
    this.notifications = notifications;
    this.messages = messages;
    this.identity = identity;
  }

  /**
   * After triage: the runbook's "Notify relevant stakeholders", with the initial notification, unless
   * the triager unticked "Notify the stakeholders listed for this severity".
   */
  public List<Notifications.Dispatched> triaged(DelegateExecution incident) {
    String severity = (String) incident.getVariable(ProcessVariables.SEVERITY);
    Recipient recipient = recipient(incident, severity);
    // Ticked by default; a triager unticks it only for a false alarm.
    if (recipient == null || Boolean.FALSE.equals(incident.getVariable(ProcessVariables.STAKEHOLDERS_NOTIFIED))) {
      return List.of();
    }
    return notifications.send(incident, recipient, "triaged as " + severity,
        "You are on the stakeholder list for " + severity + " incidents. You will hear when it is resolved"
            + " and when its post-mortem is published.");
  }

  /**
   * Re-triage changed the severity: the stakeholders of the old and of the new severity are told who
   * changed it, from what to what and why. After a raise they are on the incident like stakeholders
   * told at triage; after a lowering those of the higher severity still hear of it
   * ({@link ProcessVariables#PEAK_SEVERITY}).
   */
  public List<Notifications.Dispatched> severityChanged(DelegateExecution incident, String from, String to, boolean raised,
      String by, String why) {
    Recipient before = recipient(incident, from);
    Recipient after = recipient(incident, to);
    Recipient recipient = before == null ? after : after == null ? before : both(before, after, from, to);
    if (recipient == null) {
      return List.of();
    }
    String change = (raised ? "raised" : "lowered") + " from " + from + " to " + to;
    return notifications.send(incident, recipient, (raised ? "raised to " : "lowered to ") + to,
        "The severity was " + change + " by " + by + ". Why: " + why + ". You are on the stakeholder list for "
            + (before != null && after != null ? from + " or " + to : before != null ? from : to)
            + " incidents: you will get the status page updates, and hear when it is resolved and when its"
            + " post-mortem is published.");
  }

  private static Recipient both(Recipient before, Recipient after, String from, String to) {
    List<String> emails = new ArrayList<>(before.emails());
    after.emails().stream().filter(e -> !emails.contains(e)).forEach(emails::add);
    List<String> chat = new ArrayList<>(before.chatHandles());
    after.chatHandles().stream().filter(c -> !chat.contains(c)).forEach(chat::add);
    return new Recipient("Stakeholders (" + from + ", " + to + ")", emails, chat);
  }

  /**
   * A status update was posted to the public page: the stakeholders of the severity read what the
   * public reads, with the incident's summary below it.
   *
   * @param status the posted state (Investigating, Identified, Monitoring, Resolved)
   * @param text the update exactly as posted
   */
  public List<Notifications.Dispatched> statusUpdatePosted(DelegateExecution incident, String status, String text) {
    Recipient recipient = recipient(incident, stakeholderSeverity(incident));
    if (recipient == null) {
      return List.of();
    }
    return notifications.send(incident, recipient, "status page updated: " + status,
        "The public status page now says:\n\n" + text);
  }

  /**
   * A "Post status update" was not completed by its due time plus the grace: the Incident Commander
   * is told (by e-mail to their account's address, else chat), with who holds the task.
   *
   * @param due when the update was promised ("2026-12-01 09:14 UTC")
   */
  public Notifications.Dispatched statusUpdateMissed(DelegateExecution incident, String due) {
    Object commander = incident.getVariable(ProcessVariables.INCIDENT_COMMANDER);
    Object comms = incident.getVariable(ProcessVariables.COMMUNICATIONS_LEAD);
    String holder = comms instanceof String id && !id.isBlank() ? "@" + id.trim() : "the communications group";
    String reason = "The status update promised for " + due + " has not been posted (\"Post status update\" is with "
        + holder + "). The public status page is going stale: post the update or hand the task over.";
    Recipient recipient = commander instanceof String id && !id.isBlank()
        ? new Recipient("Incident Commander @" + id.trim(), emailOf(id.trim()), List.of("@" + id.trim()))
        : new Recipient("Incident Commander (not assigned)", List.of(), List.of());
    return notifications.sendToPerson(incident, recipient, "status update overdue", reason);
  }

  /** At close: the closure notice. */
  public List<Notifications.Dispatched> closed(DelegateExecution incident) {
    Recipient recipient = recipient(incident, stakeholderSeverity(incident));
    if (recipient == null) {
      return List.of();
    }
    return notifications.send(incident, recipient, messages.closureNotice(ClosureNotice.of(incident)));
  }

  /** When the post-mortem is published: its notice with summary, root cause and action items. */
  public List<Notifications.Dispatched> postMortemPublished(DelegateExecution incident, PostMortemPublished notice) {
    Recipient recipient = recipient(incident, stakeholderSeverity(incident));
    if (recipient == null) {
      return List.of();
    }
    return notifications.send(incident, recipient, messages.postMortemPublished(notice));
  }

  /**
   * At team assembly: each named person is told their role (one message per person, naming all the
   * roles they hold), by e-mail to the address of their user account, else by chat.
   */
  public List<Notifications.Dispatched> teamAssembled(DelegateExecution incident) {
    Map<String, List<String[]>> rolesByUser = new LinkedHashMap<>();
    StringBuilder team = new StringBuilder();
    for (String[] role : ROLES) {
      Object user = incident.getVariable(role[0]);
      if (user instanceof String id && !id.isBlank()) {
        rolesByUser.computeIfAbsent(id.trim(), k -> new ArrayList<>()).add(role);
        team.append(team.isEmpty() ? "" : ", ").append(role[1]).append(" @").append(id.trim());
      }
    }
    Object channel = incident.getVariable(ProcessVariables.CHANNEL);
    List<Notifications.Dispatched> sent = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> person : rolesByUser.entrySet()) {
      List<String[]> roles = person.getValue();
      String names = String.join(" and ", roles.stream().map(r -> r[1]).toList());
      String duties = String.join("; ", roles.stream().map(r -> r[1] + ": " + r[2]).toList());
      String reason = "You are " + names + " of this incident (" + duties + "). The team: " + team + "."
          + (channel == null ? "" : " Channel: " + channel + ".");
      Recipient recipient = new Recipient(names + " @" + person.getKey(), emailOf(person.getKey()),
          List.of("@" + person.getKey()));
      sent.add(notifications.sendToPerson(incident, recipient, "you are " + names, reason));
    }
    return sent;
  }

  /** The severity whose stakeholders hear of the incident: the highest it has had. */
  private static String stakeholderSeverity(DelegateExecution incident) {
    Object peak = incident.getVariable(ProcessVariables.PEAK_SEVERITY);
    return peak instanceof String code ? code : (String) incident.getVariable(ProcessVariables.SEVERITY);
  }

  /** Null when nobody is to be told: no list for the severity, or a drill and drills stay in the team. */
  private Recipient recipient(DelegateExecution incident, String severity) {
    if (Boolean.TRUE.equals(incident.getVariable(ProcessVariables.DRILL)) && !stakeholders.drills()) {
      return null;
    }
    StakeholderProperties.Contacts contacts = stakeholders.of(severity);
    if (contacts.isEmpty()) {
      return null;
    }
    return new Recipient("Stakeholders (" + severity + ")", contacts.emails(), contacts.chat());
  }

  private List<String> emailOf(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    return user == null || user.getEmail() == null || user.getEmail().isBlank() ? List.of() : List.of(user.getEmail().trim());
  }
}
