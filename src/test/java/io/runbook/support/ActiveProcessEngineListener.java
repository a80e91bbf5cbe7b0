package io.runbook.support;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Camunda's REST API and webapps find "the" engine through the JVM-wide {@link ProcessEngines}
 * registry, where the last engine started (or the first one closed) wins. Spring keeps several
 * test contexts alive in one JVM, each with its own engine named "default", so before every test
 * method the engine of that test's own context is made the registered one. Without this, a REST
 * call in one test can reach another context's engine and database.
 */
public class ActiveProcessEngineListener extends AbstractTestExecutionListener {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    ApplicationContext context = testContext.getApplicationContext();
    context.getBeanProvider(ProcessEngine.class).ifAvailable(ProcessEngines::registerProcessEngine);
  }
}
