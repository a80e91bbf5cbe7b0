package io.runbook.security;

import io.runbook.security.ProductionSettingsCheck.UnsafeProductionSettings;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints why a prod start was refused and what to do, instead of a stack trace. */
public class ProductionSettingsFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeProductionSettings> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsafeProductionSettings cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
