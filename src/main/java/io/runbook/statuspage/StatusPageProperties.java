package io.runbook.statuspage;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The public status page ({@code runbook.status-page.*}, docs/status-page.md).
 *
 * @param title the page's heading; none: "Service status"
 * @param components the systems the page shows, in this order: {@code id} as responders name it in
 *     an incident's affected systems, {@code name} as customers read it
 * @param history how far back resolved incidents are shown; none: 90 days
 */
@ConfigurationProperties(prefix = "runbook.status-page")
public record StatusPageProperties(String title, List<Component> components, Duration history) {

  /** One system on the page. */
  public record Component(String id, String name) {
    public Component {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("runbook.status-page.components[].id is required");
      }
      id = id.trim().toLowerCase(Locale.ROOT);
      name = name == null || name.isBlank() ? id : name.trim();
    }
  }

  public StatusPageProperties {
    title = title == null || title.isBlank() ? "Service status" : title.trim();
    components = components == null ? List.of() : List.copyOf(components);
    history = history == null ? Duration.ofDays(90) : history;
    if (history.isNegative() || history.isZero()) {
      throw new IllegalArgumentException("runbook.status-page.history must be positive, got " + history);
    }
  }
}
