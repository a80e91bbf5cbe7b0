package io.runbook.triage;

import java.util.Arrays;
import java.util.Optional;

/** The runbook's four severity levels. {@link #code()} is what people and processes see. */
public enum Severity {
  SEV1("SEV-1", "sev1"),
  SEV2("SEV-2", "sev2"),
  SEV3("SEV-3", "sev3"),
  SEV4("SEV-4", "sev4");

  private final String code;
  private final String configKey;

  Severity(String code, String configKey) {
    this.code = code;
    this.configKey = configKey;
  }

  /** "SEV-1" .. "SEV-4". */
  public String code() {
    return code;
  }

  /** Key under {@code runbook.severities}: "sev1" .. "sev4". */
  public String configKey() {
    return configKey;
  }

  /** SEV-1 and SEV-2 assemble a dedicated response team. */
  public boolean needsResponseTeam() {
    return this == SEV1 || this == SEV2;
  }

  public static Optional<Severity> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String normalized = code.trim().toUpperCase().replace("_", "-");
    return Arrays.stream(values())
        .filter(s -> s.code.equals(normalized) || s.name().equals(normalized))
        .findFirst();
  }
}
