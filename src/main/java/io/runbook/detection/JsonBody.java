package io.runbook.detection;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads an ingestion request's body: JSON content type, at most {@code runbook.ingest.max-payload-size}
 * bytes (checked before and while reading, so an oversized body is never held in memory), one
 * well-formed JSON object. Each failure is an {@link IngestException} naming the problem.
 */
@Component
public class JsonBody {

  private final ObjectMapper json;
  private final long limit;

  public JsonBody(IngestProperties properties) {
    this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.limit = properties.maxPayloadSize().toBytes();
  }

  public ObjectMapper mapper() {
    return json;
  }

  public JsonNode read(HttpServletRequest request) {
    requireJsonContentType(request.getContentType());
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(declared + " bytes");
    }
    byte[] body = readAtMost(request);
    if (body.length == 0) {
      throw new IngestException(HttpStatus.BAD_REQUEST, "the request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException malformed) {
      JsonLocation at = malformed.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IngestException(HttpStatus.BAD_REQUEST, "malformed JSON" + where + ": " + firstLine(malformed.getOriginalMessage()));
    } catch (IOException unreadable) {
      throw new IngestException(HttpStatus.BAD_REQUEST, "the request body could not be read as JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IngestException(HttpStatus.BAD_REQUEST,
          "expected a JSON object, got " + (root == null ? "nothing" : JsonFields.typeOf(root)));
    }
    return root;
  }

  private static void requireJsonContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new IngestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got none");
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException invalid) {
      throw new IngestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, got an invalid media type '" + clip(contentType) + "'");
    }
    boolean json = MediaType.APPLICATION_JSON.isCompatibleWith(type)
        || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    if (!json || type.isWildcardSubtype()) {
      throw new IngestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, got '" + clip(contentType) + "'");
    }
  }

  private byte[] readAtMost(HttpServletRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(request.getContentLengthLong(), 256), limit + 1));
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > limit) {
          throw tooLarge("more than " + limit + " bytes");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException unreadable) {
      throw new IngestException(HttpStatus.BAD_REQUEST, "the request body could not be read: " + unreadable.getMessage());
    }
    return out.toByteArray();
  }

  private IngestException tooLarge(String size) {
    return new IngestException(HttpStatus.PAYLOAD_TOO_LARGE,
        "the payload of " + size + " exceeds the limit of " + limit + " bytes (runbook.ingest.max-payload-size)");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return clip(newline < 0 ? message : message.substring(0, newline));
  }

  private static String clip(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
