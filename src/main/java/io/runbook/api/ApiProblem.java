package io.runbook.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request a person-facing {@code /api/**} endpoint refuses (401, 403, 404, 400...): the status and
 * every problem, each naming what is wrong. {@link ApiProblems} answers it as RFC 9457 problem detail.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final List<String> problems;

  public ApiProblem(HttpStatus status, List<String> problems) {
    super(String.join("; ", problems));
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public ApiProblem(HttpStatus status, String problem) {
    this(status, List.of(problem));
  }

  public HttpStatus status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
