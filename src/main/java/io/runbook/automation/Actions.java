package io.runbook.automation;

/** Names of the configured actions the processes run. */
public final class Actions {

  private Actions() {}

  /** The runbook's {@code npm run rollback:now "Incident response"}. */
  public static final String ROLLBACK = "rollback";
  /** The runbook's {@code npm run health}. */
  public static final String HEALTH = "health";
  /** The runbook's {@code git log --oneline -10}. */
  public static final String RECENT_CHANGES = "recent-changes";
}
