package io.runbook.automation;

import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * Which attempt of an action this is, read from the asynchronous job that runs it (public API).
 * Camunda's retry cycle {@code R<n>/...} gives a job {@code n} executions: on the first failure it
 * sets the retries to {@code n} and counts down, so while attempt {@code k} runs the job has
 * {@code n - k + 1} retries left, and the first attempt is the one without a recorded exception.
 */
@Component
public class ActionAttempts {

  /** Attempt {@code number} of {@code of}. */
  public record Attempt(int number, int of) {
    public boolean last() {
      return number >= of;
    }

    @Override
    public String toString() {
      return number + " of " + of;
    }
  }

  private final ManagementService management;

  public ActionAttempts(ManagementService management) {
    this.management = management;
  }

  public Attempt current(DelegateExecution execution, RetryPolicy policy) {
    int of = policy.attempts();
    List<Job> jobs = management.createJobQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .activityId(execution.getCurrentActivityId())
        .list();
    if (jobs.size() != 1) {
      // Not run as a job (or ambiguous): there is no retry to wait for.
      return new Attempt(of, of);
    }
    Job job = jobs.get(0);
    if (job.getExceptionMessage() == null) {
      return new Attempt(1, of);
    }
    return new Attempt(Math.max(1, Math.min(of, of - job.getRetries() + 1)), of);
  }
}
