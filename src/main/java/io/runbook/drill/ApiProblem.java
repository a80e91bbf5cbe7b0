package io.runbook.drill;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with a message that names the problem. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;

  public ApiProblem(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
