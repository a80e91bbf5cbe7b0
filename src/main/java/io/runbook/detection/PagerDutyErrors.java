package io.runbook.detection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Error answers of the PagerDuty Events endpoint in PagerDuty's shape:
 * {@code {"status": "invalid event", "message": ..., "errors": [...]}} for bad events.
 */
@RestControllerAdvice(assignableTypes = PagerDutyEventsController.class)
public class PagerDutyErrors {

  private static final Logger LOG = LoggerFactory.getLogger(PagerDutyErrors.class);

  private final IngestThrottle throttle;

  public PagerDutyErrors(IngestThrottle throttle) {
    this.throttle = throttle;
  }

  @ExceptionHandler(IngestException.class)
  ResponseEntity<Map<String, Object>> refused(IngestException e) {
    String status = switch (e.status()) {
      case UNAUTHORIZED -> "unauthorized";
      case FORBIDDEN -> "forbidden";
      default -> "invalid event";
    };
    String message = switch (e.status()) {
      case UNAUTHORIZED, FORBIDDEN -> e.getMessage();
      default -> "Event object is invalid: " + e.getMessage();
    };
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    if (e.status() == HttpStatus.UNAUTHORIZED) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"runbook-ingest\"");
    }
    return answer.body(body(status, message, e.problems()));
  }

  @ExceptionHandler(IngestBusyException.class)
  ResponseEntity<Map<String, Object>> busy(IngestBusyException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
        .body(body("retry later", e.getMessage(), List.of(e.getMessage())));
  }

  @ExceptionHandler({DataAccessException.class, TransactionException.class, ProcessEngineException.class})
  ResponseEntity<Map<String, Object>> storageTrouble(RuntimeException e) {
    LOG.error("PagerDuty event failed in the database or engine", e);
    String message = "the event could not be processed right now; retry later";
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfterSeconds()))
        .body(body("retry later", message, List.of(message)));
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
    LOG.error("Unexpected failure in a detection request", e);
    String message = "internal error; the request was not recorded (see the server log)";
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body("error", message, List.of(message)));
  }

  private static Map<String, Object> body(String status, String message, List<String> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("message", message);
    body.put("errors", errors);
    return body;
  }
}
