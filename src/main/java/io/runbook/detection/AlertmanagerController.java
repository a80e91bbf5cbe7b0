package io.runbook.detection;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/alerts/alertmanager}: Prometheus Alertmanager (and Grafana) webhook notifications. */
@RestController
public class AlertmanagerController {

  private final IngestAuthenticator authenticator;
  private final JsonBody body;
  private final AlertIngestion ingestion;

  public AlertmanagerController(IngestAuthenticator authenticator, JsonBody body, AlertIngestion ingestion) {
    this.authenticator = authenticator;
    this.body = body;
    this.ingestion = ingestion;
  }

  @PostMapping("/api/alerts/alertmanager")
  public ResponseEntity<AcceptedAlert> receive(HttpServletRequest request) {
    IngestAuthenticator.Sender sender = authenticator.authenticate(IngestEndpoint.ALERTMANAGER,
        IngestAuthenticator.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)), "bearer token");
    AlertBatch batch = AlertmanagerFormat.parse(body.read(request), sender, body.mapper());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedAlert.of(ingestion.ingest(batch)));
  }
}
