package io.runbook.detection;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/events/v2/enqueue}: PagerDuty Events API v2. The {@code routing_key} is the
 * integration key of a configured source; answers use PagerDuty's shapes.
 */
@RestController
public class PagerDutyEventsController {

  /** PagerDuty's success answer. */
  public record Accepted(String status, String message, String dedup_key) {}

  private final IngestAuthenticator authenticator;
  private final JsonBody body;
  private final AlertIngestion ingestion;

  public PagerDutyEventsController(IngestAuthenticator authenticator, JsonBody body, AlertIngestion ingestion) {
    this.authenticator = authenticator;
    this.body = body;
    this.ingestion = ingestion;
  }

  @PostMapping("/api/events/v2/enqueue")
  public ResponseEntity<Accepted> enqueue(HttpServletRequest request) {
    JsonNode event = body.read(request);
    if (event.has("routing_key") && !event.get("routing_key").isTextual() && !event.get("routing_key").isNull()) {
      throw new IngestException(HttpStatus.BAD_REQUEST,
          "'routing_key' must be a string, got " + JsonFields.typeOf(event.get("routing_key")));
    }
    IngestAuthenticator.Sender sender = authenticator.authenticate(IngestEndpoint.PAGERDUTY_EVENTS,
        PagerDutyFormat.routingKey(event), "routing_key (integration key)");
    IngestResult result = ingestion.ingest(PagerDutyFormat.parse(event, sender, body.mapper()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted("success", "Event processed", result.dedupKey()));
  }
}
