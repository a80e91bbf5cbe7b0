package io.runbook.escalation;

import io.runbook.communication.Recipient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/** Turns a contact into addresses: its own and its backup's, plus the members of its Camunda group. */
@Service
public class Recipients {

  private final IdentityService identity;

  public Recipients(IdentityService identity) {
    this.identity = identity;
  }

  public Recipient of(ContactDirectory.Contact contact) {
    Set<String> emails = new LinkedHashSet<>();
    Set<String> chat = new LinkedHashSet<>();
    addIfPresent(emails, contact.email());
    addIfPresent(emails, contact.backupEmail());
    addIfPresent(chat, contact.chat());
    addIfPresent(chat, contact.backupChat());
    if (contact.group() != null && !contact.group().isBlank()) {
      for (User member : identity.createUserQuery().memberOfGroup(contact.group()).orderByUserId().asc().list()) {
        addIfPresent(emails, member.getEmail());
      }
    }
    return new Recipient(contact.role(), List.copyOf(emails), List.copyOf(chat));
  }

  private static void addIfPresent(Set<String> values, String value) {
    if (value != null && !value.isBlank()) {
      values.add(value.trim());
    }
  }
}
