package io.runbook.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a drill showed: which SLA timers fired when, who was told and whether it arrived, which
 * tasks were late. Times are real (wall-clock); {@code asIfRealTime} scales them back by the
 * drill's time scale, so "fired 5 s after start at time-scale 180" reads as "15 minutes".
 */
public record DrillReport(
    String drillId,
    String processInstanceId,
    String status,
    String scenario,
    String severity,
    double timeScale,
    String startedBy,
    Instant startedAt,
    Instant endedAt,
    String endReason,
    List<SlaTimer> slaTimers,
    List<Notification> notifications,
    List<TaskOutcome> tasks) {

  /** One SLA breach: the timer's due time, when it fired and what it did. */
  public record SlaTimer(
      String sla,
      Integer level,
      String told,
      Instant due,
      Instant firedAt,
      long lateMillis,
      Duration afterStart,
      Duration asIfRealTime,
      String note) {}

  /** One message on one channel. */
  public record Notification(
      String why,
      String role,
      String channel,
      List<String> to,
      Instant requestedAt,
      Instant deliveredAt,
      String status,
      String subject) {}

  /** One user task of the drill incident against its deadline. */
  public record TaskOutcome(
      String task,
      String assignee,
      Instant created,
      Instant completed,
      Instant deadline,
      boolean late,
      Duration lateBy) {}
}
