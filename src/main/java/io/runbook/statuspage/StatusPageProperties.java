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
 * @param updateInterval the "Next update in X minutes" proposed per severity (SEV-1 30 min, others 60 min);
 *     Communications may promise another on the form
 * @param firstUpdateWithin when the first "Post status update" is due after the status updates start; none: 15 min
 * @param updateGrace how long a "Post status update" may stay open past its due time before the
 *     Incident Commander is told; none: 10 min
 */
@ConfigurationProperties(prefix = "runbook.status-page")
public record StatusPageProperties(String title, List<Component> components, Duration history,
    UpdateInterval updateInterval, Duration firstUpdateWithin, Duration updateGrace) {

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

  /** The interval between status updates per severity ({@code sev1} … {@code sev4}). */
  public record UpdateInterval(Duration sev1, Duration sev2, Duration sev3, Duration sev4) {

    static final UpdateInterval DEFAULT = new UpdateInterval(null, null, null, null);

    public UpdateInterval {
      sev1 = positive("sev1", sev1, Duration.ofMinutes(30));
      sev2 = positive("sev2", sev2, Duration.ofMinutes(60));
      sev3 = positive("sev3", sev3, Duration.ofMinutes(60));
      sev4 = positive("sev4", sev4, Duration.ofMinutes(60));
    }

    /** The interval for {@code severity} ("SEV-1"); unknown: SEV-1's, the shortest promise. */
    public Duration of(String severity) {
      String key = severity == null ? "" : severity.toLowerCase(Locale.ROOT).replace("-", "");
      return switch (key) {
        case "sev2" -> sev2;
        case "sev3" -> sev3;
        case "sev4" -> sev4;
        default -> sev1;
      };
    }

    private static Duration positive(String key, Duration value, Duration otherwise) {
      Duration interval = value == null ? otherwise : value;
      if (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "runbook.status-page.update-interval." + key + " must be between 1 minute and 1 day, got " + interval);
      }
      return interval;
    }
  }

  public StatusPageProperties {
    title = title == null || title.isBlank() ? "Service status" : title.trim();
    components = components == null ? List.of() : List.copyOf(components);
    history = history == null ? Duration.ofDays(90) : history;
    if (history.isNegative() || history.isZero()) {
      throw new IllegalArgumentException("runbook.status-page.history must be positive, got " + history);
    }
    updateInterval = updateInterval == null ? UpdateInterval.DEFAULT : updateInterval;
    firstUpdateWithin = firstUpdateWithin == null ? Duration.ofMinutes(15) : firstUpdateWithin;
    if (firstUpdateWithin.isNegative()) {
      throw new IllegalArgumentException("runbook.status-page.first-update-within must not be negative, got "
          + firstUpdateWithin);
    }
    updateGrace = updateGrace == null ? Duration.ofMinutes(10) : updateGrace;
    if (updateGrace.isNegative()) {
      throw new IllegalArgumentException("runbook.status-page.update-grace must not be negative, got " + updateGrace);
    }
  }
}
