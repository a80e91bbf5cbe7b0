package io.runbook.communication;

/**
 * A message template that cannot be used: it does not parse or names a field its model does not
 * have. Thrown at start-up only, never while an incident runs.
 */
public class MessageTemplateException extends IllegalStateException {

  private final String file;
  private final int line;

  public MessageTemplateException(String file, int line, String problem) {
    super(file + (line > 0 ? ", line " + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public MessageTemplateException(String file, String problem) {
    this(file, 0, problem);
  }

  /** The template file, as a path or {@code classpath:} location. */
  public String file() {
    return file;
  }

  /** 1-based line, 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }
}
