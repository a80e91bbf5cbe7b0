package io.runbook.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How failed logins slow a client down ({@code runbook.security.login-throttle.*}), see
 * {@link LoginThrottle}.
 *
 * @param maxFailures failed password checks from one client address that are free; the next ones wait
 * @param window failures are forgotten when a client has had none for this long (at least max-back-off)
 * @param initialBackOff how long a client waits after its max-failures-th failure; doubled by each further one
 * @param maxBackOff the longest wait
 * @param maxClients client addresses remembered at once; the least recently seen are forgotten first
 */
@Validated
@ConfigurationProperties(prefix = "runbook.security.login-throttle")
public record LoginThrottleProperties(
    @DefaultValue("5") @Min(1) @Max(1000) int maxFailures,
    @DefaultValue("PT15M") @NotNull @DurationMin(millis = 1) @DurationMax(days = 1) Duration window,
    @DefaultValue("PT1S") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration initialBackOff,
    @DefaultValue("PT5M") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration maxBackOff,
    @DefaultValue("10000") @Min(100) @Max(10_000_000) int maxClients) {

  public LoginThrottleProperties {
    if (initialBackOff != null && maxBackOff != null && maxBackOff.compareTo(initialBackOff) < 0) {
      throw new IllegalArgumentException("runbook.security.login-throttle.max-back-off (" + maxBackOff
          + ") must be at least initial-back-off (" + initialBackOff + ")");
    }
    if (window != null && maxBackOff != null && window.compareTo(maxBackOff) < 0) {
      throw new IllegalArgumentException("runbook.security.login-throttle.window (" + window
          + ") must be at least max-back-off (" + maxBackOff + "), or failures would be forgotten during a back-off");
    }
  }
}
