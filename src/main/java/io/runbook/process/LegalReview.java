package io.runbook.process;

/**
 * Legal's review ({@code processes/legal-review.bpmn}), a process of its own called by the
 * incident process: its variables, comments and history are guarded by grants on this key alone
 * (need-to-know).
 */
public final class LegalReview {

  private LegalReview() {}

  public static final String PROCESS_KEY = "legal-review";
  public static final String LEGAL_REVIEW = "LegalReviewTask";
  public static final String START_REQUESTED = "LegalReviewRequestedStartEvent";
  /** Ends here when Legal rules the breach out. */
  public static final String END_REVIEWED = "LegalReviewedEndEvent";
  public static final String BREACH_DECISION_GATEWAY = "BreachDecisionGateway";
  /** A confirmed or unclear breach: the incident closes only after Legal completes this. */
  public static final String LEGAL_SIGN_OFF = "LegalSignOffTask";
  public static final String END_SIGNED_OFF = "LegalSignedOffEndEvent";
}
