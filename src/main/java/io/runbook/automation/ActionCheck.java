package io.runbook.automation;

import io.runbook.system.StartupWarnings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At start-up, every configured action and every service's variant of it must be able to run here:
 * executable on the PATH or present and executable, interpreter's script present, working directory
 * present ({@link ActionLocations}). Otherwise start-up stops naming the action and the path
 * ({@code runbook.automation.unresolved-actions: fail}, the default), or, in the demo ({@code warn}),
 * the product starts and the console says which actions will fail, loudly.
 */
@Component
public class ActionCheck implements StartupWarnings {

  private static final Logger LOG = LoggerFactory.getLogger(ActionCheck.class);

  private final List<String> problems;

  public ActionCheck(ActionCatalogue catalogue, ActionLocations locations, AutomationSettings settings) {
    problems = problems(catalogue, locations);
    if (problems.isEmpty()) {
      return;
    }
    if (settings.unresolvedActions() == AutomationSettings.UnresolvedActions.FAIL) {
      throw new UnresolvedActionsException(problems, locations.baseDir());
    }
    problems.forEach(problem -> LOG.warn("Action will fail: {} (relative paths from {})", problem, locations.baseDir()));
  }

  static List<String> problems(ActionCatalogue catalogue, ActionLocations locations) {
    List<String> problems = new ArrayList<>();
    catalogue.actions().keySet().stream().sorted().forEach(name ->
        check("runbook.actions." + name, catalogue.resolve(name, null).definition(), locations, problems));
    catalogue.services().keySet().stream().sorted().forEach(service ->
        catalogue.services().get(service).actions().keySet().stream().sorted().forEach(name ->
            check("runbook.services." + service + ".actions." + name,
                catalogue.resolve(name, service).definition(), locations, problems)));
    return problems;
  }

  private static void check(String key, ActionDefinition action, ActionLocations locations, List<String> problems) {
    for (String problem : locations.problems(action)) {
      problems.add(key + " (" + ActionResult.commandLine(action.command()) + "): " + problem);
    }
  }

  @Override
  public List<String> startupWarnings() {
    return problems.stream().map(problem -> "Action will fail: " + problem).toList();
  }
}
