package io.runbook.system;

import java.util.List;

/** A part of the product that started with something a person must fix; {@link StartupConsole} prints it. */
public interface StartupWarnings {

  /** One sentence per problem, saying what and where; empty when all is well. */
  List<String> startupWarnings();
}
