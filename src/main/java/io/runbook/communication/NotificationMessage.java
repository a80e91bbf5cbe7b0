package io.runbook.communication;

/** One message about an incident: a subject line and a plain-text body, both rendered from templates. */
public record NotificationMessage(String subject, String body) {}
