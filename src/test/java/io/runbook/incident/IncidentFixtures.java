package io.runbook.incident;

import java.util.HashMap;
import java.util.Map;

/** Form submissions a responder would make, phase by phase. */
public final class IncidentFixtures {

  private IncidentFixtures() {}

  public static Map<String, Object> report(String title, String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put("title", title);
    v.put("source", "user-report");
    v.put("proposedSeverity", severity);
    v.put("description", "Customers report errors on checkout");
    return v;
  }

  public static Map<String, Object> triage(String severity) {
    Map<String, Object> v = new HashMap<>();
    v.put("acknowledged", true);
    v.put("title", "Checkout is failing");
    v.put("severity", severity);
    v.put("affectedSystems", "checkout-api");
    v.put("affectedUsers", "all EU customers");
    v.put("securityRelated", false);
    v.put("dataBreachSuspected", false);
    v.put("stakeholdersNotified", true);
    return v;
  }

  public static Map<String, Object> team(String ic, String tl, String comms, String scribe) {
    return Map.of(
        "incidentCommander", ic,
        "technicalLead", tl,
        "communicationsLead", comms,
        "scribe", scribe,
        "channelCreated", true,
        "teamAssembled", true);
  }

  public static Map<String, Object> statusUpdate() {
    return Map.of(
        "statusPageStatus", "Investigating",
        "statusIssue", "failed payments at checkout",
        "statusImpact", "Some customers cannot pay",
        "statusNextUpdateMinutes", 30L);
  }

  public static Map<String, Object> investigation() {
    return Map.of(
        "recentChangesReviewed", true,
        "dashboardsChecked", true,
        "logsAnalyzed", true,
        "rootCauseIdentified", true,
        "rootCause", "Release 4.2 exhausted the payment connection pool");
  }

  public static Map<String, Object> quickFix() {
    return Map.of(
        "mitigationAction", "quick-fix",
        "mitigationNotes", "Raised the connection pool back to 64",
        "fixImplemented", true,
        "statusPageUpdated", true);
  }

  public static Map<String, Object> rollback() {
    return Map.of(
        "mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change since the last good state",
        "statusPageUpdated", true);
  }

  public static Map<String, Object> confirmRootCause() {
    return Map.of("confirmedRootCause", "Connection pool size regression in 4.2", "rootCauseConfirmed", true);
  }

  public static Map<String, Object> deployFix() {
    return Map.of(
        "permanentFix", "Pool size from configuration, with an alert on saturation",
        "fixReference", "PR-1234",
        "fixDeployedThroughNormalProcess", true);
  }

  public static Map<String, Object> verifyFix(boolean postMortemRequested) {
    return Map.of(
        "fixVerifiedInProduction", true,
        "verificationNotes", "Error rate back to baseline for 1 hour",
        "postMortemRequested", postMortemRequested,
        "closeTicket", true);
  }

  public static Map<String, Object> postMortem(String actionItems) {
    Map<String, Object> v = new HashMap<>();
    v.put("pmSummary", "Checkout failed for 40 minutes after release 4.2");
    v.put("timeline", "- 10:00 - Alert\n- 10:40 - Rolled back");
    v.put("pmRootCause", "Connection pool size regression");
    v.put("pmUsersAffected", 1200L);
    v.put("pmDurationMinutes", 40L);
    v.put("pmRevenueImpact", 5000L);
    v.put("pmWentWell", "Fast rollback\nClear ownership");
    v.put("pmCouldImprove", "Load test pool settings");
    v.put("pmActionItems", actionItems);
    v.put("pmLessonsLearned", "Configuration belongs in review too.");
    return v;
  }
}
