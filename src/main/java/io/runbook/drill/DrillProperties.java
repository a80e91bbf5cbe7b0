package io.runbook.drill;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Practice incidents ({@code runbook.drills.*}).
 *
 * @param allowedGroups Camunda groups whose members may start and end drills
 * @param maxTimeScale largest time-scale factor a drill may ask for
 * @param scenarios what a drill can simulate, by id
 */
@Validated
@ConfigurationProperties(prefix = "runbook.drills")
public record DrillProperties(
    @DefaultValue({"team-leads", "engineering-managers", "cto", "camunda-admin"}) @NotEmpty List<@NotBlank String> allowedGroups,
    @DefaultValue("3600") @Min(1) @Max(86400) int maxTimeScale,
    @NotEmpty Map<String, @Valid @NotNull Scenario> scenarios) {

  /** A situation to rehearse: what the practice alert says. */
  public record Scenario(
      @NotBlank String title,
      String description,
      @DefaultValue("monitoring") @NotBlank String source,
      boolean securityRelated,
      boolean dataBreachSuspected,
      String affectedSystems,
      String affectedUsers) {}

  public DrillProperties {
    allowedGroups = List.copyOf(allowedGroups);
    scenarios = scenarios == null ? Map.of() : Map.copyOf(scenarios);
  }
}
