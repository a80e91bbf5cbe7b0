package io.runbook.system;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sizes the connection pool for the threads that use it at once, unless
 * {@code spring.datasource.hikari.maximum-pool-size} is set: the job executor's threads
 * ({@code camunda.bpm.job-execution.max-pool-size}, 0 when it is off), plus web requests holding a
 * connection at once ({@code runbook.database.pool.web}, default {@value #WEB}), plus Runbook's own
 * background threads ({@code runbook.database.pool.background}, default {@value #BACKGROUND}: alert
 * writers, notification senders and sweep, engine sync, timer wake-up, health check).
 *
 * <p>Why: Hikari's default of 10 connections is fewer than the job executor and the alert writers
 * alone can ask for at once, so on a busy node a due timer could wait for a connection behind web
 * requests (not measured; the pool is sized by what can run at once, not by a benchmark). A web
 * request beyond the web share waits for a connection (up to Hikari's connection-timeout) instead of
 * taking one from a job. The sum is per node: N nodes need N times it below PostgreSQL's
 * {@code max_connections} (docs/database.md).
 */
@Component
public class DatabasePoolSizing implements BeanPostProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(DatabasePoolSizing.class);
  static final int WEB = 10;
  static final int BACKGROUND = 10;
  static final String EXPLICIT = "spring.datasource.hikari.maximum-pool-size";

  private final Environment environment;

  public DatabasePoolSizing(Environment environment) {
    this.environment = environment;
  }

  /** job executor threads + web + background, as configured. */
  public static int size(Environment environment) {
    boolean jobs = environment.getProperty("camunda.bpm.job-execution.enabled", Boolean.class, true);
    int jobThreads = jobs ? environment.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class, 10) : 0;
    return jobThreads
        + environment.getProperty("runbook.database.pool.web", Integer.class, WEB)
        + environment.getProperty("runbook.database.pool.background", Integer.class, BACKGROUND);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool && !environment.containsProperty(EXPLICIT)) {
      int size = size(environment);
      pool.setMaximumPoolSize(size);
      LOG.info("Connection pool {}: at most {} connections (job executor + web + background threads)", beanName, size);
    }
    return bean;
  }
}
