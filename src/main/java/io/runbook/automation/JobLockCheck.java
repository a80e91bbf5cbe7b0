package io.runbook.automation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.stereotype.Component;

/**
 * An action runs inside its job; if it ran longer than the job executor's lock, the job would be
 * picked up and run a second time. Start-up fails naming the action whose timeout is too long.
 */
@Component
public class JobLockCheck {

  static final Duration MARGIN = Duration.ofMinutes(1);

  public JobLockCheck(ActionCatalogue catalogue, CamundaBpmProperties camunda) {
    Duration lock = Duration.ofMillis(camunda.getJobExecution().getLockTimeInMillis() == null
        ? 300_000 : camunda.getJobExecution().getLockTimeInMillis());
    List<String> problems = new ArrayList<>();
    catalogue.actions().forEach((name, action) -> check("runbook.actions." + name, action.timeout(), lock, problems));
    catalogue.services().forEach((service, settings) -> {
      for (Map.Entry<String, ActionOverride> o : settings.actions().entrySet()) {
        if (o.getValue().timeout() != null) {
          check("runbook.services." + service + ".actions." + o.getKey(), o.getValue().timeout(), lock, problems);
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
  }

  private static void check(String key, Duration timeout, Duration lock, List<String> problems) {
    if (timeout.plus(MARGIN).compareTo(lock) > 0) {
      problems.add(key + ".timeout " + timeout + " must be at least " + MARGIN + " shorter than the job lock time "
          + lock + " (camunda.bpm.job-execution.lock-time-in-millis)");
    }
  }
}
