package io.runbook.detection;

import io.runbook.incident.IncidentIntake;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Machine ingestion ({@code runbook.ingest}): which sources may send alerts, to which endpoint, with
 * which tokens, and how much load the endpoints take. Tokens are secrets: demo values live only in
 * {@code application-demo.yml}, production values come from the environment.
 */
@Validated
@ConfigurationProperties(prefix = "runbook.ingest")
public record IngestProperties(
    @DefaultValue("512KB") @NotNull DataSize maxPayloadSize,
    @DefaultValue("32") @Positive int maxConcurrentRequests,
    @DefaultValue("1s") @NotNull Duration busyWait,
    @DefaultValue("5") @Positive int retryAfterSeconds,
    Map<String, @Valid @NotNull Source> sources) {

  /** Tokens shorter than this are refused at start-up: they would be guessable. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** The database keeps raw payloads in a column of this many characters. */
  public static final DataSize MAX_PAYLOAD_LIMIT = DataSize.ofMegabytes(1);

  /**
   * One sender (an Alertmanager, a PagerDuty-speaking tool, a scanner...). {@code tokens} holds the
   * bearer tokens or PagerDuty integration keys (routing keys) it may use; more than one while a
   * token is being rotated. {@code kind} is the runbook source its incidents get.
   */
  public record Source(
      @NotNull IngestEndpoint endpoint,
      @NotEmpty List<@NotNull String> tokens,
      @DefaultValue("monitoring") @NotNull IncidentIntake.Source kind) {

    public Source {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }
  }

  public IngestProperties {
    sources = sources == null ? Map.of() : Map.copyOf(sources);
    List<String> problems = new ArrayList<>();
    if (maxPayloadSize != null && (maxPayloadSize.toBytes() <= 0 || maxPayloadSize.compareTo(MAX_PAYLOAD_LIMIT) > 0)) {
      problems.add("runbook.ingest.max-payload-size must be between 1B and " + MAX_PAYLOAD_LIMIT.toKilobytes()
          + "KB, got " + maxPayloadSize.toBytes() + "B");
    }
    Map<String, String> owners = new HashMap<>();
    sources.forEach((name, source) -> {
      String key = "runbook.ingest.sources." + name;
      if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*") || name.length() > 64) {
        problems.add(key + ": a source name is lower-case letters, digits and hyphens, at most 64 characters");
      }
      if (source == null) {
        return;
      }
      if (source.kind() != null && !source.kind().automated()) {
        problems.add(key + ".kind must be an automated source (monitoring, health-check, security-scan, "
            + "log-anomaly), got " + source.kind().id());
      }
      for (int i = 0; i < source.tokens().size(); i++) {
        String token = source.tokens().get(i);
        if (token == null || token.isBlank() || token.strip().length() < MIN_TOKEN_LENGTH) {
          problems.add(key + ".tokens[" + i + "] must have at least " + MIN_TOKEN_LENGTH + " characters");
        } else {
          String previous = owners.putIfAbsent(token.strip(), name);
          if (previous != null && !previous.equals(name)) {
            problems.add(key + ".tokens[" + i + "] is also a token of source " + previous
                + "; every token must identify one source");
          }
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
