package io.runbook.communication;

import java.util.List;

/**
 * Who a notification is for: a role of the runbook's contact table or escalation path, with the
 * e-mail addresses and chat handles it resolves to.
 */
public record Recipient(String role, List<String> emails, List<String> chatHandles) {

  public Recipient {
    emails = emails == null ? List.of() : List.copyOf(emails);
    chatHandles = chatHandles == null ? List.of() : List.copyOf(chatHandles);
  }
}
