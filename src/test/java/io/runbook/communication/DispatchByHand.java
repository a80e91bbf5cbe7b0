package io.runbook.communication;

/**
 * For process tests, which run without the dispatcher's threads: sends an incident's open outbox
 * rows through the dispatcher's own sending code, as a sender thread would right after the commit:
 * each is delivered or handed over to its {@code incident-notification} process.
 */
public final class DispatchByHand {

  private DispatchByHand() {}

  /** How many open messages were tried. */
  public static int send(NotificationDispatcher dispatcher, String incidentId) {
    return dispatcher.sendWaiting(incidentId);
  }
}
