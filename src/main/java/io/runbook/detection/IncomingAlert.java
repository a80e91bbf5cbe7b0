package io.runbook.detection;

import io.runbook.incident.IncidentIntake;
import java.util.List;
import java.util.Map;

/**
 * One alert event as every format reads it: what happened ({@link Action}), which alert it is
 * ({@code fingerprint}, plus {@code startsAt} for Alertmanager), what people should see, and the raw
 * JSON it came as (secrets such as a routing key removed).
 */
public record IncomingAlert(
    Action action,
    String fingerprint,
    String startsAt,
    String title,
    String description,
    String severityHint,
    IncidentIntake.Source source,
    Map<String, String> labels,
    List<Link> links,
    String payload) {

  /** What the sender says about the alert. */
  public enum Action {
    TRIGGER("trigger"),
    RESOLVE("resolve"),
    ACKNOWLEDGE("acknowledge");

    private final String id;

    Action(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** A link shown with the incident (dashboard, runbook, the alert's source). */
  public record Link(String href, String text) {

    String render() {
      return text == null || text.isBlank() ? href : text + ": " + href;
    }
  }

  public IncomingAlert {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    links = links == null ? List.of() : List.copyOf(links);
  }
}
