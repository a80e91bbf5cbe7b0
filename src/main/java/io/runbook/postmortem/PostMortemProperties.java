package io.runbook.postmortem;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code runbook.post-mortem.due-after}: how long after resolution the post-mortem is due (PT48H). */
@Validated
@ConfigurationProperties(prefix = "runbook.post-mortem")
public record PostMortemProperties(@NotNull Duration dueAfter) {}
