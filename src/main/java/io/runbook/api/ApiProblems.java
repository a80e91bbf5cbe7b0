package io.runbook.api;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one error answer of the person-facing {@code /api/**} ({@link PersonApi} controllers): an RFC
 * 9457 {@link ProblemDetail} ({@code application/problem+json}) with {@code status}, {@code title}
 * (the reason phrase), {@code detail} (every problem, joined) and {@code problems} (the list). A 401
 * says how to log in ({@code WWW-Authenticate: Basic}); never a stack trace.
 */
@RestControllerAdvice(annotations = PersonApi.class)
public class ApiProblems {

  private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);

  /** Seconds a caller should wait after the database or engine was unavailable. */
  static final int RETRY_AFTER_SECONDS = 5;

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> refused(ApiProblem problem) {
    return answer(problem);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
    return answer(new ApiProblem(HttpStatus.BAD_REQUEST,
        "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'"));
  }

  /** The engine refused the caller (a grant is missing): 403 with the engine's reason. */
  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<ProblemDetail> notGranted(AuthorizationException e) {
    return answer(new ApiProblem(HttpStatus.FORBIDDEN, e.getMessage()));
  }

  @ExceptionHandler({DataAccessException.class, TransactionException.class, ProcessEngineException.class})
  ResponseEntity<ProblemDetail> storageTrouble(RuntimeException e) {
    LOG.error("API request failed in the database or engine", e);
    ResponseEntity<ProblemDetail> answer = answer(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
        "could not be processed right now (database or engine unavailable); retry later"));
    return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)).body(answer.getBody());
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
    LOG.error("Unexpected failure in an API request", e);
    return answer(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error (see the server log)"));
  }

  /** The answer to a refused request, for handlers that build one themselves. */
  public static ResponseEntity<ProblemDetail> answer(ApiProblem problem) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    detail.setProperty("problems", problem.problems());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
    if (problem.status() == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Runbook\"");
    }
    return response.body(detail);
  }
}
