package io.runbook.automation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The actions the engine may run and their per-service variants, as configuration:
 * {@code runbook.actions.<name>}, {@code runbook.services.<service>.actions.<name>} and
 * {@code runbook.tools.telemetry-dashboard-url}. Only actions named here can run: processes refer
 * to them by a fixed name, and nothing in a request or a form can add or change one.
 *
 * <p>Which service's variant applies: the incident's {@code affectedSystems} is read as a list
 * (separated by commas, semicolons, or whitespace); the first listed system that has an entry
 * under {@code runbook.services} wins. Without one the global action runs, and the first listed
 * system is still the incident's service ({@code INCIDENT_SERVICE}).
 */
@Validated
@ConfigurationProperties(prefix = "runbook")
public record ActionCatalogue(
    @NotEmpty Map<String, @Valid ActionDefinition> actions,
    Map<String, @Valid ServiceSettings> services,
    Tools tools) {

  /** Actions the processes refer to; start-up fails when one is missing. */
  public static final List<String> REQUIRED = List.of(Actions.ROLLBACK, Actions.HEALTH, Actions.RECENT_CHANGES);

  private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;\\s]+");

  /** Per-service settings ({@code runbook.services.<service>}). */
  public record ServiceSettings(Map<String, @Valid ActionOverride> actions, String telemetryDashboardUrl) {
    public ServiceSettings {
      actions = actions == null ? Map.of() : Map.copyOf(actions);
    }
  }

  /** The runbook's tools table ({@code runbook.tools}). */
  public record Tools(String telemetryDashboardUrl) {}

  /** An action ready to run for one incident. */
  public record Resolved(String name, String service, ActionDefinition definition) {
    public RetryPolicy retryPolicy() {
      return definition.retryPolicy();
    }
  }

  public ActionCatalogue {
    actions = actions == null ? Map.of() : Map.copyOf(actions);
    services = services == null ? Map.of() : Map.copyOf(services);
    tools = tools == null ? new Tools(null) : tools;
    List<String> problems = new ArrayList<>();
    if (!actions.isEmpty()) {
      for (String required : REQUIRED) {
        if (!actions.containsKey(required)) {
          problems.add("runbook.actions." + required + " is missing");
        }
      }
    }
    for (Map.Entry<String, ServiceSettings> service : services.entrySet()) {
      for (String action : service.getValue().actions().keySet()) {
        if (!actions.containsKey(action)) {
          problems.add("runbook.services." + service.getKey() + ".actions." + action
              + ": there is no action '" + action + "' under runbook.actions (services can only change existing actions)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The systems listed in an incident's {@code affectedSystems}, in order. */
  public static List<String> listedSystems(String affectedSystems) {
    if (affectedSystems == null || affectedSystems.isBlank()) {
      return List.of();
    }
    return Arrays.stream(LIST_SEPARATOR.split(affectedSystems.trim())).filter(s -> !s.isEmpty()).toList();
  }

  /** The incident's service: the first listed system with settings, else the first listed system. */
  public Optional<String> serviceFor(String affectedSystems) {
    List<String> listed = listedSystems(affectedSystems);
    return listed.stream().filter(services::containsKey).findFirst().or(() -> listed.stream().findFirst());
  }

  /** The action by its configured name, with the service's changes applied. */
  public Resolved resolve(String name, String service) {
    ActionDefinition global = actions.get(name);
    if (global == null) {
      throw new IllegalArgumentException("no action '" + name + "' is configured under runbook.actions");
    }
    ServiceSettings settings = service == null ? null : services.get(service);
    ActionOverride override = settings == null ? null : settings.actions().get(name);
    return new Resolved(name, service, override == null ? global : override.applyTo(global));
  }

  /** The telemetry dashboard link for a service, or null when none is configured. */
  public String telemetryDashboardUrl(String service) {
    ServiceSettings settings = service == null ? null : services.get(service);
    String template = settings != null && settings.telemetryDashboardUrl() != null
        ? settings.telemetryDashboardUrl()
        : tools.telemetryDashboardUrl();
    if (template == null || template.isBlank()) {
      return null;
    }
    String value = service == null ? "" : URLEncoder.encode(service, StandardCharsets.UTF_8);
    return template.replace("{service}", value);
  }
}
