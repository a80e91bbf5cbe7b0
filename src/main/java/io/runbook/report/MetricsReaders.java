package io.runbook.report;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiAccess.Caller;
import io.runbook.api.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may read the incident metrics, by the report endpoint or a scrape with HTTP Basic: members of
 * {@code runbook.metrics.reader-groups} (managers, CTO, team leads, auditors) and Camunda
 * administrators. The figures are counts and durations, never what an incident or review says.
 */
@Component
public class MetricsReaders {

  private final ApiAccess access;
  private final MetricsProperties properties;

  public MetricsReaders(ApiAccess access, MetricsProperties properties) {
    this.access = access;
    this.properties = properties;
  }

  public boolean mayRead(Caller caller) {
    return caller.groups().stream().anyMatch(properties.readerGroups()::contains) || access.isAdmin(caller);
  }

  /** The caller of a person's request, or 401/403. */
  public Caller check() {
    Caller caller = access.caller();
    if (!mayRead(caller)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, refusal(caller));
    }
    return caller;
  }

  String refusal(Caller caller) {
    return "incident metrics are for the groups " + properties.readerGroups() + " and administrators; '"
        + caller.userId() + "' is in " + caller.groups();
  }
}
