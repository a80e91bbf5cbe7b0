package io.runbook.api;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Reads that run without the caller's engine authentication, after Runbook decided the caller may
 * see their result (the board, the metrics, the reviews, the audit records): every allowed person
 * then sees the same data, whatever their own variable grants, and no more than the endpoint returns.
 * The caller's authentication is restored afterwards, also when the work fails.
 */
public final class AsEngine {

  private AsEngine() {}

  public static <T> T read(IdentityService identity, Supplier<T> work) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}
