package io.runbook.escalation;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Waking the job executor when a timer is due ({@code runbook.timers.*}).
 *
 * @param wakeUp whether to wake the job executor at each timer's due time (false: polling only)
 * @param horizon timers due within this window are scheduled; later ones by the next rescan
 * @param rescanEvery how often the database is asked for timers entering the horizon (also
 *     catches timers created by other nodes of a cluster)
 */
@Validated
@ConfigurationProperties(prefix = "runbook.timers")
public record TimerWakeUpProperties(
    @DefaultValue("true") boolean wakeUp,
    @DefaultValue("PT15M") @NotNull Duration horizon,
    @DefaultValue("PT5M") @NotNull Duration rescanEvery) {

  public TimerWakeUpProperties {
    if (rescanEvery != null && horizon != null && rescanEvery.compareTo(horizon) >= 0) {
      throw new IllegalArgumentException(
          "runbook.timers.rescan-every (" + rescanEvery + ") must be shorter than runbook.timers.horizon (" + horizon + ")");
    }
  }
}
