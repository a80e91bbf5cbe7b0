package io.runbook.detection;

/**
 * What became of an accepted request: the incident its alerts are on (null when a resolve or
 * acknowledge found no open incident), whether this request opened it, and how many alert events
 * were recorded.
 */
public record IngestResult(String incidentId, String dedupKey, boolean created, int alerts) {}
