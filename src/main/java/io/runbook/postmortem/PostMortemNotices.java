package io.runbook.postmortem;

import io.runbook.communication.Notifications;
import io.runbook.communication.Recipient;
import io.runbook.escalation.ContactDirectory;
import io.runbook.escalation.Recipients;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * Who hears that a post-mortem or an action item is late, all through the outbox ({@link Notifications}):
 * the post-mortem's author at 24 hours, the Incident Commander and the Team Lead (the first level of
 * the escalation path) at 48 hours, the owner of an overdue action item. A person is reached at the
 * e-mail address of their user account, else by chat ({@code @userId}).
 */
@Service
public class PostMortemNotices {

  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Notifications notifications;
  private final ContactDirectory contacts;
  private final Recipients recipients;
  private final IdentityService identity;

  public PostMortemNotices(Notifications notifications, ContactDirectory contacts, Recipients recipients,
      IdentityService identity) {
    this.notifications = notifications;
    this.contacts = contacts;
    this.recipients = recipients;
    this.identity = identity;
  }

  /** 24 h: whoever holds "Write post-mortem", else the Team Lead, whose group it is offered to. */
  public List<Notifications.Dispatched> remindAuthor(DelegateExecution incident) {
    String author = author(incident);
    String due = due(incident);
    String reason = "The post-mortem of " + incident.getProcessBusinessKey() + " is due " + due
        + " and is not written yet. Complete 'Write post-mortem' in Tasklist before then.";
    if (author != null) {
      return List.of(notifications.sendToPerson(incident, person("Post-mortem author", author), "post-mortem due " + due, reason));
    }
    return notifications.send(incident, recipients.of(teamLead()), "post-mortem due " + due,
        reason + " Nobody has taken the task yet: it is offered to the team leads.");
  }

  /** 48 h: the Incident Commander (when there is one) and the Team Lead, naming who holds the task. */
  public List<Notifications.Dispatched> escalateLate(DelegateExecution incident) {
    String author = author(incident);
    String due = due(incident);
    String reason = "The post-mortem of " + incident.getProcessBusinessKey() + " was due " + due
        + " and is not written yet. " + (author == null
            ? "Nobody has taken 'Write post-mortem'; it is offered to the team leads."
            : "'Write post-mortem' is held by @" + author + ".");
    List<Notifications.Dispatched> sent = new ArrayList<>();
    if (incident.getVariable(ProcessVariables.INCIDENT_COMMANDER) instanceof String commander && !commander.isBlank()) {
      sent.add(notifications.sendToPerson(incident, person("Incident Commander", commander.trim()), "post-mortem overdue", reason));
    }
    sent.addAll(notifications.send(incident, recipients.of(teamLead()), "post-mortem overdue", reason));
    return sent;
  }

  /** An action item is overdue: its owner is told, every time the reminder timer fires. */
  public Notifications.Dispatched remindOwner(DelegateExecution actionItem) {
    String owner = (String) actionItem.getVariable(ProcessVariables.ACTION_ITEM_OWNER);
    Date due = (Date) actionItem.getVariable(ProcessVariables.ACTION_ITEM_DUE);
    String reason = "Your action item from the post-mortem of " + actionItem.getProcessBusinessKey() + ", '"
        + actionItem.getVariable(ProcessVariables.ACTION_ITEM) + "', was due " + (due == null ? "earlier" : WHEN.format(due.toInstant()))
        + " and is not done. Complete it in Tasklist (filter 'My action items') and say what was done.";
    return notifications.sendToPerson(actionItem, person("Action item owner", owner), "action item overdue", reason);
  }

  private String author(DelegateExecution incident) {
    Task task = incident.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(incident.getProcessInstanceId()).taskDefinitionKey(IncidentResponse.POST_MORTEM)
        .listPage(0, 1).stream().findFirst().orElse(null);
    return task == null || task.getAssignee() == null || task.getAssignee().isBlank() ? null : task.getAssignee();
  }

  private static String due(DelegateExecution incident) {
    Date due = (Date) incident.getVariable(ProcessVariables.POST_MORTEM_DUE);
    return due == null ? "now" : WHEN.format(due.toInstant());
  }

  /** The Team Lead of the runbook: the first level of the escalation path. */
  private ContactDirectory.Contact teamLead() {
    return contacts.level(1);
  }

  private Recipient person(String role, String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    List<String> emails = user == null || user.getEmail() == null || user.getEmail().isBlank()
        ? List.of() : List.of(user.getEmail().trim());
    return new Recipient(role + " @" + userId, emails, List.of("@" + userId));
  }
}
