package io.runbook.communication;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every person-facing text the product writes, each one Mustache file: the default ships in the jar
 * under {@code templates/messages/}, a team overrides it with a file of the same name in
 * {@code runbook.templates.dir}. Each template is rendered against one record (its model), whose
 * components are the only fields the template may name: {@link MessageTemplates} checks that at
 * start-up.
 */
public enum MessageTemplate {
  /** The runbook's "Initial Notification (Internal)": stored on the incident, inside every page. */
  INITIAL_NOTIFICATION("initial-notification", InitialNotification.class),
  /** The runbook's "Status Page Update" (Investigating / Identified / Monitoring / Resolved). */
  STATUS_PAGE_UPDATE("status-page-update", StatusPageUpdate.class),
  /** Subject of a page, escalation or routing notice to one role. */
  INCIDENT_MESSAGE_SUBJECT("incident-message-subject", IncidentMessage.class),
  /** Body of a page, escalation or routing notice: why the reader is told, then the initial notification. */
  INCIDENT_MESSAGE("incident-message", IncidentMessage.class),
  /** Subject of the notice that an incident is resolved and closed. */
  CLOSURE_NOTICE_SUBJECT("closure-notice-subject", ClosureNotice.class),
  /** The notice that an incident is resolved and closed. */
  CLOSURE_NOTICE("closure-notice", ClosureNotice.class),
  /** Subject of the notice that an incident's post-mortem is published. */
  POST_MORTEM_PUBLISHED_SUBJECT("post-mortem-published-subject", PostMortemPublished.class),
  /** The notice that an incident's post-mortem is published. */
  POST_MORTEM_PUBLISHED("post-mortem-published", PostMortemPublished.class);

  /** Where the defaults are, on the classpath. */
  public static final String DEFAULT_LOCATION = "templates/messages/";
  public static final String SUFFIX = ".mustache";

  private final String id;
  private final Class<? extends Record> model;

  MessageTemplate(String id, Class<? extends Record> model) {
    this.id = id;
    this.model = model;
  }

  /** The template's name, e.g. {@code initial-notification}. */
  public String id() {
    return id;
  }

  /** The file name, in the jar and in an override directory. */
  public String fileName() {
    return id + SUFFIX;
  }

  public Class<? extends Record> model() {
    return model;
  }

  public static Optional<MessageTemplate> byFileName(String fileName) {
    return Arrays.stream(values()).filter(t -> t.fileName().equals(fileName)).findFirst();
  }
}
