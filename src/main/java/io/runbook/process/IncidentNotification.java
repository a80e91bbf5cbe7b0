package io.runbook.process;

/**
 * The notification process ({@code processes/incident-notification.bpmn}): one instance per
 * message and channel, business key = incident id.
 */
public final class IncidentNotification {

  private IncidentNotification() {}

  public static final String PROCESS_KEY = "incident-notification";
  public static final String DELIVER_NOTIFICATION = "DeliverNotificationSubProcess";
  public static final String SEND_NOTIFICATION = "SendNotificationTask";
  public static final String NOTIFICATION_DELIVERED = "NotificationDeliveredEndEvent";
  public static final String DELIVER_BY_HAND = "DeliverNotificationByHandTask";
  public static final String DELIVERED_BY_HAND = "NotificationDeliveredByHandEndEvent";
  /** Correlated to a notification process by the engine when its delivery has no retries left. */
  public static final String MESSAGE_NOTIFICATION_UNDELIVERABLE = "NotificationUndeliverable";
}
