package io.runbook.communication;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a team keeps its own message templates ({@code runbook.templates.*}).
 *
 * @param dir a directory of {@code <template>.mustache} files that replace the defaults of the same
 *     name (see {@link MessageTemplate}); none: the defaults in the jar. Read and checked at start-up.
 */
@ConfigurationProperties(prefix = "runbook.templates")
public record TemplateProperties(Path dir) {}
