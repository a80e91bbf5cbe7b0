package io.runbook.detection;

/** Answer of the Alertmanager and generic endpoints: the alert is committed, on this incident. */
public record AcceptedAlert(String status, String incidentId, String dedupKey, boolean created, int alerts) {

  static AcceptedAlert of(IngestResult result) {
    return new AcceptedAlert("accepted", result.incidentId(), result.dedupKey(), result.created(), result.alerts());
  }
}
