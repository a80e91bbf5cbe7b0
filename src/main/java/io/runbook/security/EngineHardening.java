package io.runbook.security;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.scripting.ExecutableScript;
import org.camunda.bpm.engine.impl.scripting.ScriptFactory;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptEngineResolver;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Narrows what a deployed model can do: expressions reach only {@link ProcessBeans}, and scripts
 * (script tasks, script listeners and conditions, input/output scripts) are refused when a model is
 * deployed and cannot run, whatever script engine a library brings along. Runbook's processes use
 * Java delegates only.
 */
@Component
@Order(-10)
public class EngineHardening extends AbstractProcessEnginePlugin {

  static final String NO_SCRIPTS =
      "Scripts are disabled in Runbook (Java delegates only): refused a '%s' script";

  private final ApplicationContext applicationContext;

  public EngineHardening(ApplicationContext applicationContext) {
    this.applicationContext = applicationContext;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    var beans = ProcessBeans.asExpressionBeans(applicationContext);
    configuration.setBeans(beans);
    configuration.setExpressionManager(new SpringExpressionManager(applicationContext, beans));
    configuration.setScriptFactory(new RefusingScriptFactory());
    configuration.setScriptEngineResolver(new NoScriptEngines());
  }

  /** Used by the BPMN parser for every script: the deployment fails naming the language. */
  static final class RefusingScriptFactory extends ScriptFactory {
    @Override
    public ExecutableScript createScriptFromResource(String language, String resource) {
      throw refused(language);
    }

    @Override
    public ExecutableScript createScriptFromResource(String language, Expression resourceExpression) {
      throw refused(language);
    }

    @Override
    public ExecutableScript createScriptFromSource(String language, String source) {
      throw refused(language);
    }

    @Override
    public ExecutableScript createScriptFromSource(String language, Expression sourceExpression) {
      throw refused(language);
    }

    private static ProcessEngineException refused(String language) {
      return new ProcessEngineException(String.format(NO_SCRIPTS, language));
    }
  }

  /** The engine's view of JSR-223: no engine for any language. */
  static final class NoScriptEngines implements ScriptEngineResolver {
    private final ScriptEngineManager empty = new ScriptEngineManager(null);

    @Override
    public void addScriptEngineFactory(ScriptEngineFactory scriptEngineFactory) {
      throw new ProcessEngineException(String.format(NO_SCRIPTS, scriptEngineFactory.getLanguageName()));
    }

    @Override
    public ScriptEngineManager getScriptEngineManager() {
      return empty;
    }

    @Override
    public ScriptEngine getScriptEngine(String language, boolean resolveFromCache) {
      return null;
    }
  }
}
