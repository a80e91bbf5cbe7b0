package io.runbook.report;

import io.runbook.api.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The period a report covers: incidents reported at or after {@code from} and before {@code to}.
 *
 * @param from inclusive
 * @param to exclusive
 */
public record Period(Instant from, Instant to) {

  public Period {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
  }

  /** The period ending now. */
  public static Period last(Duration length, Instant now) {
    return new Period(now.minus(length), now);
  }

  public Duration length() {
    return Duration.between(from, to);
  }

  public boolean contains(Instant at) {
    return at != null && !at.isBefore(from) && at.isBefore(to);
  }

  /**
   * The period a caller asked for: {@code from} and {@code to} as ISO-8601 instants
   * ({@code 2026-03-01T00:00:00Z}, an offset is allowed) or dates ({@code 2026-03-01}, midnight UTC
   * starting that day; a date as {@code to} includes that whole day). Missing {@code to}: now;
   * missing {@code from}: {@code defaultLength} before {@code to}.
   *
   * @throws ApiProblem 400 naming each parameter that cannot be read, a {@code from} not before
   *     {@code to}, or a period longer than {@code maxLength}
   */
  public static Period parse(String fromText, String toText, Instant now, Duration defaultLength, Duration maxLength) {
    List<String> problems = new ArrayList<>();
    Instant to = blank(toText) ? now : read("to", toText, true, problems);
    Instant from = blank(fromText) ? (to == null ? null : to.minus(defaultLength)) : read("from", fromText, false, problems);
    if (problems.isEmpty()) {
      if (!from.isBefore(to)) {
        problems.add("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
      } else if (Duration.between(from, to).compareTo(maxLength) > 0) {
        problems.add("the period from " + from + " to " + to + " is longer than " + maxLength.toDays()
            + " days: narrow parameter 'from' or 'to'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, problems);
    }
    return new Period(from, to);
  }

  private static Instant read(String name, String text, boolean endOfDay, List<String> problems) {
    String value = text.strip();
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      try {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        problems.add("parameter '" + name + "' must be an ISO-8601 instant (2026-03-01T00:00:00Z) or date (2026-03-01),"
            + " got '" + clip(value) + "'");
        return null;
      }
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static String clip(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "\u2026" : text;
  }
}
