package io.runbook.statuspage;

import io.runbook.statuspage.StatusUpdates.Posted;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * What the public status page shows, built only from the updates Communications posted
 * ({@link StatusUpdates}) and the components the team configured. See docs/status-page.md for the
 * rules; in short:
 *
 * <ul>
 *   <li>an incident is <em>current</em> until an update says Resolved or the incident is closed;
 *   <li>a current incident's impact comes from its severity when it was last posted: SEV-1 critical,
 *       SEV-2 major, SEV-3 minor, SEV-4 none; while Monitoring it is at most minor;
 *   <li>a component is in major outage (critical), partial outage (major), degraded performance
 *       (minor or none) for the worst current incident listing it among its affected systems, else
 *       operational.
 * </ul>
 */
@Service
public class StatusPage {

  /** Statuspage's component states, best first. */
  public enum ComponentStatus {
    OPERATIONAL("operational", "Operational"),
    DEGRADED_PERFORMANCE("degraded_performance", "Degraded performance"),
    PARTIAL_OUTAGE("partial_outage", "Partial outage"),
    MAJOR_OUTAGE("major_outage", "Major outage");

    public final String id;
    public final String label;

    ComponentStatus(String id, String label) {
      this.id = id;
      this.label = label;
    }
  }

  /** Statuspage's incident impact, least first. */
  public enum Impact {
    NONE("none", "All Systems Operational", ComponentStatus.DEGRADED_PERFORMANCE),
    MINOR("minor", "Minor Service Outage", ComponentStatus.DEGRADED_PERFORMANCE),
    MAJOR("major", "Partial System Outage", ComponentStatus.PARTIAL_OUTAGE),
    CRITICAL("critical", "Major System Outage", ComponentStatus.MAJOR_OUTAGE);

    public final String id;
    public final String pageDescription;
    public final ComponentStatus component;

    Impact(String id, String pageDescription, ComponentStatus component) {
      this.id = id;
      this.pageDescription = pageDescription;
      this.component = component;
    }

    static Impact ofSeverity(String severity) {
      return switch (severity == null ? "" : severity) {
        case "SEV-1" -> CRITICAL;
        case "SEV-2" -> MAJOR;
        case "SEV-4" -> NONE;
        default -> MINOR;
      };
    }
  }

  /** One posted update. */
  public record Update(long id, String status, String statusLabel, String body, Instant createdAt) {}

  /** One incident as the public sees it. */
  public record Incident(
      String id,
      String name,
      String status,
      String statusLabel,
      Impact impact,
      Instant createdAt,
      Instant updatedAt,
      Instant resolvedAt,
      List<StatusPageProperties.Component> components,
      List<Update> updates) {

    public boolean resolved() {
      return "resolved".equals(status);
    }
  }

  /** One component and its state. */
  public record ComponentState(String id, String name, ComponentStatus status) {}

  /** The whole page. */
  public record Summary(
      String title,
      Instant updatedAt,
      Impact indicator,
      List<ComponentState> components,
      List<Incident> current,
      List<Incident> past) {

    /** Every incident, current first, as the feed and JSON list them. */
    public List<Incident> incidents() {
      List<Incident> all = new ArrayList<>(current);
      all.addAll(past);
      return all;
    }
  }

  private final StatusUpdates updates;
  private final StatusPageProperties properties;
  private final Clock clock;

  public StatusPage(StatusUpdates updates, StatusPageProperties properties, Clock clock) {
    this.updates = updates;
    this.properties = properties;
    this.clock = clock;
  }

  public StatusPageProperties properties() {
    return properties;
  }

  public Summary summary() {
    Instant now = clock.instant();
    Instant since = now.minus(properties.history());
    Map<String, List<Posted>> byIncident = new LinkedHashMap<>();
    for (Posted posted : updates.since(since)) {
      byIncident.computeIfAbsent(posted.incidentId(), k -> new ArrayList<>()).add(posted);
    }
    List<Incident> current = new ArrayList<>();
    List<Incident> past = new ArrayList<>();
    for (List<Posted> rows : byIncident.values()) {
      Incident incident = incident(rows);
      if (!incident.resolved()) {
        current.add(incident);
      } else if (!incident.updatedAt().isBefore(since)) {
        // Resolved incidents stay on the page for the history window (90 days by default).
        past.add(incident);
      }
    }
    Comparator<Incident> newestFirst = Comparator.comparing(Incident::updatedAt).reversed();
    current.sort(newestFirst);
    past.sort(newestFirst);

    List<ComponentState> components = new ArrayList<>();
    for (StatusPageProperties.Component component : properties.components()) {
      ComponentStatus status = ComponentStatus.OPERATIONAL;
      for (Incident incident : current) {
        if (incident.components().contains(component) && incident.impact().component.compareTo(status) > 0) {
          status = incident.impact().component;
        }
      }
      components.add(new ComponentState(component.id(), component.name(), status));
    }
    Impact indicator = current.stream().map(Incident::impact).max(Comparator.naturalOrder()).orElse(Impact.NONE);
    return new Summary(properties.title(), now, indicator, components, current, past);
  }

  /** {@code rows}: one incident's updates, newest first. */
  private Incident incident(List<Posted> rows) {
    Posted latest = rows.get(0);
    Posted first = rows.get(rows.size() - 1);
    String name = rows.stream().map(Posted::title).filter(t -> t != null && !t.isBlank()).findFirst()
        .orElse("Service disruption");
    String status = latest.status().toLowerCase(Locale.ROOT);
    Instant resolvedAt = null;
    if ("resolved".equals(status)) {
      resolvedAt = latest.postedAt();
    } else if (latest.incidentClosed()) {
      // Closed without a posted "Resolved": the incident is over, the page must not show it open.
      status = "resolved";
      resolvedAt = latest.incidentClosedAt() == null ? latest.postedAt() : latest.incidentClosedAt();
    }
    Impact impact = Impact.ofSeverity(latest.severity());
    if (("monitoring".equals(status) || "resolved".equals(status)) && impact.compareTo(Impact.MINOR) > 0) {
      impact = "resolved".equals(status) ? impact : Impact.MINOR;
    }
    List<StatusPageProperties.Component> components = properties.components().stream()
        .filter(c -> latest.systems().contains(c.id())).toList();
    List<Update> list = rows.stream().map(p -> new Update(p.id(), p.status().toLowerCase(Locale.ROOT), p.status(),
        p.body(), p.postedAt())).toList();
    Instant updatedAt = resolvedAt != null && resolvedAt.isAfter(latest.postedAt()) ? resolvedAt : latest.postedAt();
    return new Incident(latest.incidentId(), name, status, label(status), impact, first.postedAt(), updatedAt,
        resolvedAt, components, list);
  }

  private static String label(String status) {
    return status.substring(0, 1).toUpperCase(Locale.ROOT) + status.substring(1);
  }
}
