package io.runbook.postmortem;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A post-mortem action item: "Action - Owner - Due Date", as the runbook's template writes them.
 * People type one per line; {@link #parse} reads them back or says which line is wrong.
 */
public record ActionItem(String action, String owner, LocalDate due) {

  /** Thrown with every offending line named. */
  public static class InvalidActionItems extends IllegalArgumentException {
    public InvalidActionItems(String message) {
      super(message);
    }
  }

  public static List<ActionItem> parse(String text) {
    List<ActionItem> items = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (text == null) {
      return items;
    }
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim().replaceFirst("^- (\\[[ xX]\\] )?", "");
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+-\\s+");
      if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
        problems.add("line " + (i + 1) + " is not 'Action - Owner - YYYY-MM-DD': '" + line + "'");
        continue;
      }
      try {
        items.add(new ActionItem(parts[0].trim(), parts[1].trim(), LocalDate.parse(parts[2].trim())));
      } catch (DateTimeParseException badDate) {
        problems.add("line " + (i + 1) + " has due date '" + parts[2].trim() + "', expected YYYY-MM-DD");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidActionItems(String.join("; ", problems));
    }
    return items;
  }

  public String render() {
    return "- [ ] " + action + " - " + owner + " - " + due;
  }
}
