package io.runbook.process;

/**
 * Security's review ({@code processes/security-review.bpmn}), a process of its own called by the
 * incident process: its variables, comments and history are guarded by grants on this key alone
 * (need-to-know).
 */
public final class SecurityReview {

  private SecurityReview() {}

  public static final String PROCESS_KEY = "security-review";

  // Element ids.
  public static final String SECURITY_REVIEW = "SecurityReviewTask";
  public static final String START_REQUESTED = "SecurityReviewRequestedStartEvent";
  public static final String END_REVIEWED = "SecurityReviewedEndEvent";
}
