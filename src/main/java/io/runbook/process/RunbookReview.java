package io.runbook.process;

/**
 * The quarterly runbook review for team leads ({@code processes/runbook-review.bpmn}), not an
 * incident review.
 */
public final class RunbookReview {

  private RunbookReview() {}

  public static final String PROCESS_KEY = "runbook-review";
  public static final String START_QUARTER_STARTED = "QuarterStartedStartEvent";
  public static final String SUMMARIZE_LAST_QUARTER = "SummarizeLastQuarterTask";
  public static final String REVIEW_RUNBOOK = "ReviewRunbookTask";
  public static final String END_RUNBOOK_REVIEWED = "RunbookReviewedEndEvent";
}
