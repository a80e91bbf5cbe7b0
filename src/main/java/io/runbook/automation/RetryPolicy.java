package io.runbook.automation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often an action is tried: {@code none} (one attempt) or an ISO-8601 repetition such as
 * {@code R3/PT10S} (up to 3 attempts, 10 seconds apart). The meaning is Camunda's
 * {@code failedJobRetryTimeCycle}: {@code R3} is three executions in all, not three retries after
 * the first.
 */
public record RetryPolicy(int attempts, Duration interval) {

  private static final Pattern CYCLE = Pattern.compile("R(\\d{1,2})/(P.+)");

  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

  public RetryPolicy {
    if (attempts < 1 || attempts > 20) {
      throw new IllegalArgumentException("retry attempts must be between 1 and 20, got " + attempts);
    }
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("retry interval must not be negative, got " + interval);
    }
  }

  /** Parses {@code none} or {@code R<n>/<ISO-8601 duration>}; the message names what is wrong. */
  public static RetryPolicy parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return NONE;
    }
    Matcher m = CYCLE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "retry must be 'none' or 'R<attempts>/<ISO-8601 duration>' such as R3/PT10S, got '" + text + "'");
    }
    Duration interval;
    try {
      interval = Duration.parse(m.group(2));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("retry interval '" + m.group(2) + "' is not an ISO-8601 duration such as PT10S");
    }
    return new RetryPolicy(Integer.parseInt(m.group(1)), interval);
  }

  /** The value for Camunda's {@code failedJobRetryTimeCycle}. */
  public String cycle() {
    return "R" + attempts + "/" + interval;
  }

  @Override
  public String toString() {
    return attempts == 1 ? "none" : cycle();
  }
}
