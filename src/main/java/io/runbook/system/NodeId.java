package io.runbook.system;

import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This node's name among the nodes sharing one database ({@code runbook.node-id}): in every log line
 * (the logging pattern), as the job executor's lock owner, and in the rows a node writes (which
 * node accepted an alert, logged an escalation step, sent a notification). Default: the host name
 * and the HTTP port ({@code web-1:8080}); with a random port ({@code server.port=0}) the process id
 * instead of the port. Must be unique among the nodes that run at the same time, and should stay the
 * same across restarts of a node (a restarted node takes back the engine jobs its previous run had
 * locked, {@link NodeHeartbeat}).
 *
 * <p>The default is set by {@link NodeIdDefault} before logging starts, so the logging pattern
 * ({@code logging.pattern.level} in {@code application.yml}) can name it.
 */
@Component
public class NodeId {

  public static final String PROPERTY = "runbook.node-id";
  public static final int MAX_LENGTH = 64;
  static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

  private final String value;

  public NodeId(Environment environment) {
    this.value = check(environment.getRequiredProperty(PROPERTY));
  }

  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }

  static String check(String id) {
    if (id.length() > MAX_LENGTH || !VALID.matcher(id).matches()) {
      throw new IllegalStateException(PROPERTY + " '" + id + "' must be at most " + MAX_LENGTH
          + " characters of letters, digits and . _ : @ - (it is written to the database and every log line)");
    }
    return id;
  }

}
