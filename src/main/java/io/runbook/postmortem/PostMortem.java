package io.runbook.postmortem;

import java.util.List;
import java.util.stream.Collectors;

/** A written post-mortem, rendered with the runbook's template. */
public record PostMortem(
    String incidentId,
    String summary,
    String timeline,
    String rootCause,
    Number usersAffected,
    Number durationMinutes,
    Number revenueImpact,
    String wentWell,
    String couldImprove,
    List<ActionItem> actionItems,
    String lessonsLearned) {

  // Post-mortem form fields (variable names).
  public static final String SUMMARY = "pmSummary";
  public static final String ROOT_CAUSE = "pmRootCause";
  public static final String USERS_AFFECTED = "pmUsersAffected";
  public static final String DURATION_MINUTES = "pmDurationMinutes";
  public static final String REVENUE_IMPACT = "pmRevenueImpact";
  public static final String WENT_WELL = "pmWentWell";
  public static final String COULD_IMPROVE = "pmCouldImprove";
  public static final String ACTION_ITEMS = "pmActionItems";
  public static final String LESSONS_LEARNED = "pmLessonsLearned";

  public String toMarkdown() {
    return "## Incident Post-Mortem: " + incidentId + "\n\n"
        + "### Summary\n\n" + summary.trim() + "\n\n"
        + "### Timeline\n\n" + timeline.trim() + "\n\n"
        + "### Root Cause\n\n" + rootCause.trim() + "\n\n"
        + "### Impact\n\n"
        + "- Users affected: " + usersAffected + "\n"
        + "- Duration: " + durationMinutes + " minutes\n"
        + "- Revenue impact: $" + revenueImpact + "\n\n"
        + "### What Went Well\n\n" + bullets(wentWell) + "\n\n"
        + "### What Could Be Improved\n\n" + bullets(couldImprove) + "\n\n"
        + "### Action Items\n\n"
        + actionItems.stream().map(ActionItem::render).collect(Collectors.joining("\n")) + "\n\n"
        + "### Lessons Learned\n\n" + lessonsLearned.trim() + "\n";
  }

  private static String bullets(String lines) {
    return lines.lines()
        .map(String::trim)
        .filter(line -> !line.isEmpty())
        .map(line -> line.startsWith("- ") ? line : "- " + line)
        .collect(Collectors.joining("\n"));
  }
}
