package io.runbook.detection;

/**
 * The alert could not be taken right now (too many requests in flight, or the database kept
 * conflicting). Nothing was recorded; the sender should retry after {@link #retryAfterSeconds()}.
 */
public class IngestBusyException extends RuntimeException {

  private final int retryAfterSeconds;

  public IngestBusyException(String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
