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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Error answers of the Alertmanager and generic alert endpoints: the status, and a message
 * naming every problem; never a stack trace. When the alert could not be stored (busy, database
 * trouble) the answer is 503 with {@code Retry-After}, which Alertmanager and other senders retry.
 */
@RestControllerAdvice(assignableTypes = {AlertmanagerController.class, GenericAlertController.class})
public class DetectionErrors {

  private static final Logger LOG = LoggerFactory.getLogger(DetectionErrors.class);

  private final IngestThrottle throttle;

  public DetectionErrors(IngestThrottle throttle) {
    this.throttle = throttle;
  }

  @ExceptionHandler(IngestException.class)
  ResponseEntity<Map<String, Object>> refused(IngestException e) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    if (e.status() == HttpStatus.UNAUTHORIZED) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"runbook-ingest\"");
    }
    return answer.body(body(e.status(), e.getMessage(), e.problems()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException e) {
    String problem = "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'";
    return ResponseEntity.badRequest().body(body(HttpStatus.BAD_REQUEST, problem, List.of(problem)));
  }

  @ExceptionHandler(IngestBusyException.class)
  ResponseEntity<Map<String, Object>> busy(IngestBusyException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
        .body(body(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of(e.getMessage())));
  }

  @ExceptionHandler({DataAccessException.class, TransactionException.class, ProcessEngineException.class})
  ResponseEntity<Map<String, Object>> storageTrouble(RuntimeException e) {
    LOG.error("Detection request failed in the database or engine", e);
    String message = "could not be processed right now (database or engine unavailable); retry later";
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(throttle.retryAfterSeconds()))
        .body(body(HttpStatus.SERVICE_UNAVAILABLE, message, List.of(message)));
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
    LOG.error("Unexpected failure in a detection request", e);
    String message = "internal error; the request was not recorded (see the server log)";
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body(HttpStatus.INTERNAL_SERVER_ERROR, message, List.of(message)));
  }

  static Map<String, Object> body(HttpStatus status, String message, List<String> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("error", status.getReasonPhrase());
    body.put("message", message);
    body.put("problems", problems);
    return body;
  }
}
