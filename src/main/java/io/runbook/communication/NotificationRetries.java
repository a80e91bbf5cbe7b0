package io.runbook.communication;

import io.runbook.process.Beans;
import org.springframework.stereotype.Component;

/** The retry cycle of "Send notification" ({@code camunda:failedJobRetryTimeCycle="${notificationRetries.intervals}"}). */
@Component(Beans.NOTIFICATION_RETRIES)
public class NotificationRetries {

  private final NotifyProperties properties;

  public NotificationRetries(NotifyProperties properties) {
    this.properties = properties;
  }

  /** For example {@code PT10S,PT1M,PT5M}: four attempts, waiting 10 s, 1 min and 5 min in between. */
  public String getIntervals() {
    return properties.retryIntervals();
  }
}
