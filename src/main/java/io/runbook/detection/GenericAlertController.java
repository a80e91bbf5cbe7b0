package io.runbook.detection;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/alerts}: Runbook's generic alert format (see docs/alerts.md). */
@RestController
public class GenericAlertController {

  private final IngestAuthenticator authenticator;
  private final JsonBody body;
  private final AlertIngestion ingestion;

  public GenericAlertController(IngestAuthenticator authenticator, JsonBody body, AlertIngestion ingestion) {
    this.authenticator = authenticator;
    this.body = body;
    this.ingestion = ingestion;
  }

  @PostMapping("/api/alerts")
  public ResponseEntity<AcceptedAlert> receive(HttpServletRequest request) {
    IngestAuthenticator.Sender sender = authenticator.authenticate(IngestEndpoint.GENERIC,
        IngestAuthenticator.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)), "bearer token");
    AlertBatch batch = GenericFormat.parse(body.read(request), sender);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedAlert.of(ingestion.ingest(batch)));
  }
}
