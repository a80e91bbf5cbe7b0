package io.runbook.communication;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which template file and line stopped the start, instead of a stack trace. */
public class MessageTemplateFailureAnalyzer extends AbstractFailureAnalyzer<MessageTemplateException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MessageTemplateException cause) {
    return new FailureAnalysis(
        "A message template cannot be used: " + cause.getMessage(),
        "Fix the template (the fields each template may name are listed in docs/notifications.md), or remove"
            + " the file from runbook.templates.dir to use the default.",
        cause);
  }
}
