package io.runbook.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the person-facing {@code /api/**}: its errors are answered by
 * {@link ApiProblems} as RFC 9457 problem details, and it checks callers with {@link ApiAccess}.
 * The machine ingestion endpoints ({@code /api/alerts/**}, {@code /api/events/**}) keep the formats
 * their senders expect.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PersonApi {}
