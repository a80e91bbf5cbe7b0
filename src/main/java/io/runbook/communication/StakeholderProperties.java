package io.runbook.communication;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who hears of an incident besides its responders ({@code runbook.stakeholders.*}): per severity
 * ({@code sev1} … {@code sev4}, the keys of {@code runbook.severities}), e-mail addresses and chat
 * handles. They receive the initial notification after triage, the closure notice and the
 * published post-mortem. A severity without an entry has no stakeholders.
 *
 * @param drills true: stakeholders are told of drills too (each message is marked [DRILL]); false
 *     (default): drills reach only their participants
 */
@ConfigurationProperties(prefix = "runbook.stakeholders")
public record StakeholderProperties(
    @DefaultValue("false") boolean drills,
    Contacts sev1,
    Contacts sev2,
    Contacts sev3,
    Contacts sev4) {

  /** One severity's stakeholders. */
  public record Contacts(List<String> emails, List<String> chat) {

    static final Contacts NONE = new Contacts(List.of(), List.of());

    public Contacts {
      emails = clean(emails);
      chat = clean(chat);
    }

    public boolean isEmpty() {
      return emails.isEmpty() && chat.isEmpty();
    }

    private void check(String key) {
      for (String email : emails) {
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.?[^@\\s]*")) {
          throw new IllegalArgumentException(
              "runbook.stakeholders." + key + ".emails: '" + email + "' is not an e-mail address");
        }
      }
    }
  }

  public StakeholderProperties {
    sev1 = sev1 == null ? Contacts.NONE : sev1;
    sev2 = sev2 == null ? Contacts.NONE : sev2;
    sev3 = sev3 == null ? Contacts.NONE : sev3;
    sev4 = sev4 == null ? Contacts.NONE : sev4;
    sev1.check("sev1");
    sev2.check("sev2");
    sev3.check("sev3");
    sev4.check("sev4");
  }

  /** The stakeholders of an incident of {@code severity} ("SEV-1"); unknown or none: nobody. */
  public Contacts of(String severity) {
    if (severity == null) {
      return Contacts.NONE;
    }
    return switch (severity.toLowerCase(Locale.ROOT).replace("-", "")) {
      case "sev1" -> sev1;
      case "sev2" -> sev2;
      case "sev3" -> sev3;
      case "sev4" -> sev4;
      default -> Contacts.NONE;
    };
  }

  private static List<String> clean(List<String> values) {
    return values == null ? List.of()
        : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).distinct().toList();
  }
}
