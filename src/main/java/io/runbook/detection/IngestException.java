package io.runbook.detection;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Why an ingestion request is refused: the status to answer and every problem, each naming what is
 * wrong. Nothing was recorded when this is thrown.
 */
public class IngestException extends RuntimeException {

  private final HttpStatus status;
  private final List<String> problems;

  public IngestException(HttpStatus status, List<String> problems) {
    super(String.join("; ", problems));
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public IngestException(HttpStatus status, String problem) {
    this(status, List.of(problem));
  }

  public HttpStatus status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
