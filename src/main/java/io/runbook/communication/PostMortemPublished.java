package io.runbook.communication;

import java.util.List;

/**
 * The model of the notice that an incident's post-mortem is published
 * ({@code post-mortem-published-subject.mustache}, {@code post-mortem-published.mustache}).
 *
 * @param incidentId the ticket
 * @param title the brief description, without the drill prefix
 * @param severity SEV-1 … SEV-4
 * @param summary the post-mortem's summary
 * @param rootCause the post-mortem's root cause
 * @param usersAffected users affected, as the post-mortem counts them
 * @param durationMinutes how long the impact lasted
 * @param actionItems the action items, each with owner and due date
 * @param drill a practice incident
 */
public record PostMortemPublished(
    String incidentId,
    String title,
    String severity,
    String summary,
    String rootCause,
    Number usersAffected,
    Number durationMinutes,
    List<ActionItem> actionItems,
    boolean drill) {

  /** One action item: "Action - Owner - Due Date". */
  public record ActionItem(String action, String owner, String due) {}

  public PostMortemPublished {
    actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
  }
}
