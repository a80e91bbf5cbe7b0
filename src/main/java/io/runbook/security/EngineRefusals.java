package io.runbook.security;

import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Our own {@code /api/**} endpoints run as the caller, so the engine may refuse them; that is a
 * 403 naming what is missing, never a 500. Feature-specific advice takes precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class EngineRefusals {

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<Map<String, Object>> refused(AuthorizationException refused) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(Map.of("status", 403, "message", refused.getMessage()));
  }
}
