package io.runbook.detection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Finds the configured source a presented token or integration key belongs to. Every configured
 * token is compared, in constant time over SHA-256 digests (equal lengths, no early exit), so timing
 * reveals neither a token's prefix nor its length.
 */
@Component
public class IngestAuthenticator {

  /** A configured source, as the endpoints see it once authenticated. */
  public record Sender(String name, IngestEndpoint endpoint, io.runbook.incident.IncidentIntake.Source kind) {}

  private record Credential(byte[] digest, Sender sender) {}

  private final List<Credential> credentials = new ArrayList<>();

  public IngestAuthenticator(IngestProperties properties) {
    properties.sources().forEach((name, source) -> {
      Sender sender = new Sender(name, source.endpoint(), source.kind());
      for (String token : source.tokens()) {
        credentials.add(new Credential(sha256(token.strip()), sender));
      }
    });
  }

  /**
   * The sender owning {@code token} if it may use {@code endpoint}.
   *
   * @throws IngestException 401 when the token is missing or unknown, 403 when it belongs to a
   *     source configured for another endpoint
   */
  public Sender authenticate(IngestEndpoint endpoint, String token, String credentialName) {
    if (token == null || token.isBlank()) {
      throw new IngestException(HttpStatus.UNAUTHORIZED, "missing " + credentialName);
    }
    byte[] presented = sha256(token.strip());
    Sender match = null;
    for (Credential credential : credentials) {
      if (MessageDigest.isEqual(presented, credential.digest()) && match == null) {
        match = credential.sender();
      }
    }
    if (match == null) {
      throw new IngestException(HttpStatus.UNAUTHORIZED, "unknown " + credentialName);
    }
    if (match.endpoint() != endpoint) {
      throw new IngestException(HttpStatus.FORBIDDEN, "the " + credentialName + " of source '" + match.name()
          + "' is valid for " + match.endpoint().path() + ", not for " + endpoint.path());
    }
    return match;
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  public static String bearerToken(String authorizationHeader) {
    if (authorizationHeader == null) {
      return null;
    }
    String header = authorizationHeader.strip();
    if (header.length() > 7 && header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return header.substring(7).strip();
    }
    return null;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
