package io.runbook.escalation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The runbook's contact table ({@code runbook.contacts}) and who is told when
 * ({@code runbook.escalation}). Contacts are keyed so a profile can change one field of one contact.
 * Start-up fails naming the key when the escalation path names a contact that does not exist.
 */
@Validated
@ConfigurationProperties(prefix = "runbook")
public record ContactDirectory(
    @NotEmpty Map<String, @Valid @NotNull Contact> contacts, @Valid @NotNull Escalation escalation) {

  /**
   * One row of the contact table.
   *
   * @param role name shown to people ("Primary On-Call", "Team Lead")
   * @param email address notifications go to (optional)
   * @param chat chat handle mentioned in chat messages, such as {@code @alawein} (optional)
   * @param backupEmail backup's address, copied on every notification (optional)
   * @param backupChat backup's chat handle (optional)
   * @param group Camunda group of this role: its members' e-mail addresses get the notification
   *     too, and an escalation offers the waiting triage task to it (optional)
   */
  public record Contact(
      @NotBlank String role,
      @Email String email,
      @Pattern(regexp = "@\\S+", message = "must be a chat handle starting with @") String chat,
      @Email String backupEmail,
      @Pattern(regexp = "@\\S+", message = "must be a chat handle starting with @") String backupChat,
      String group) {}

  /**
   * @param path contacts told one after the other when an SLA is breached (the runbook's
   *     Developer → Team Lead → Engineering Manager → CTO, after the developer on call)
   * @param onCall contact paged for every new incident and reminded of breaches that do not escalate
   * @param security contact told when an incident is security-related
   * @param dataBreach contact told when a data breach is suspected
   */
  public record Escalation(
      @NotEmpty List<@NotBlank String> path,
      @NotBlank String onCall,
      @NotBlank String security,
      @NotBlank String dataBreach) {

    public Escalation {
      path = path == null ? List.of() : List.copyOf(path);
    }
  }

  public ContactDirectory {
    if (contacts != null && escalation != null) {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < escalation.path().size(); i++) {
        requireContact(contacts, "runbook.escalation.path[" + i + "]", escalation.path().get(i), problems);
      }
      requireContact(contacts, "runbook.escalation.on-call", escalation.onCall(), problems);
      requireContact(contacts, "runbook.escalation.security", escalation.security(), problems);
      requireContact(contacts, "runbook.escalation.data-breach", escalation.dataBreach(), problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      contacts = Map.copyOf(contacts);
    }
  }

  private static void requireContact(Map<String, Contact> contacts, String key, String value, List<String> problems) {
    if (value != null && !contacts.containsKey(value)) {
      problems.add(key + " names '" + value + "', which is not a key of runbook.contacts " + contacts.keySet().stream().sorted().toList());
    }
  }

  public Contact contact(String key) {
    return contacts.get(key);
  }

  /** The contact told at escalation level {@code level} (1 = first level of the path). */
  public Contact level(int level) {
    return contacts.get(escalation.path().get(level - 1));
  }

  public int levels() {
    return escalation.path().size();
  }

  /** "Team Lead → Engineering Manager → CTO". */
  public String pathText() {
    return String.join(" \u2192 ", escalation.path().stream().map(key -> contacts.get(key).role()).toList());
  }
}
