package io.runbook.communication;

/**
 * The model of a page, escalation or routing notice to one role ({@code incident-message-subject.mustache}
 * and {@code incident-message.mustache}).
 *
 * @param incidentId the ticket
 * @param title the brief description, without the drill prefix
 * @param severity SEV-1 … SEV-4 (proposed until triage decides)
 * @param headline short reason for the subject, e.g. "not acknowledged within 15 minutes, escalated to Team Lead"
 * @param reason the sentences that tell the reader why they are told and what to do
 * @param summary the incident's initial notification as {@code initial-notification.mustache} renders it now
 * @param tasklistUrl link to Tasklist ({@code runbook.notify.tasklist-url}); none: no link
 * @param drill a practice incident
 */
public record IncidentMessage(
    String incidentId,
    String title,
    String severity,
    String headline,
    String reason,
    String summary,
    String tasklistUrl,
    boolean drill) {}
