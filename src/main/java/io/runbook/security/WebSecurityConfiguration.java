package io.runbook.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The servlet filters that put {@link EndpointPolicy} into effect. */
@Configuration
public class WebSecurityConfiguration {

  /** Before every other filter: nothing reaches a BASIC path without a known user. */
  public static final int AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /**
   * Just before authentication: a client that failed to log in too often is refused before any
   * password is checked, and the engine's password checks are counted for the request's client.
   */
  @Bean
  FilterRegistrationBean<LoginThrottleFilter> runbookLoginThrottleFilter(LoginThrottle throttle) {
    FilterRegistrationBean<LoginThrottleFilter> registration = new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
    registration.setName("runbookLoginThrottleFilter");
    registration.addUrlPatterns("/*");
    registration.setOrder(AUTHENTICATION_ORDER - 1);
    return registration;
  }

  /** @param scrapeToken the bearer token of a Prometheus scrape of /actuator/prometheus (none: Basic only) */
  @Bean
  FilterRegistrationBean<EngineAuthenticationFilter> runbookAuthenticationFilter(
      @Value("${runbook.metrics.scrape-token:}") String scrapeToken) {
    FilterRegistrationBean<EngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new EngineAuthenticationFilter(scrapeToken));
    registration.setName("runbookAuthenticationFilter");
    registration.addUrlPatterns("/*");
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        RunbookBasicAuthenticationProvider.class.getName());
    registration.setOrder(AUTHENTICATION_ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<QueryPageFilter> runbookQueryPageFilter(
      @Value("${camunda.bpm.generic-properties.properties.queryMaxResultsLimit:2147483647}") int limit) {
    FilterRegistrationBean<QueryPageFilter> registration = new FilterRegistrationBean<>(new QueryPageFilter(limit));
    registration.setName("runbookQueryPageFilter");
    // Camunda's REST API, and the same API under the webapps (Tasklist lists its filters unpaged).
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(AUTHENTICATION_ORDER + 1);
    return registration;
  }

  /** After authentication: a person changes an incident only through the forms of their tasks. */
  @Bean
  FilterRegistrationBean<PersonWriteFilter> runbookPersonWriteFilter(ProcessEngine engine) {
    FilterRegistrationBean<PersonWriteFilter> registration = new FilterRegistrationBean<>(new PersonWriteFilter(engine));
    registration.setName("runbookPersonWriteFilter");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(AUTHENTICATION_ORDER + 2);
    return registration;
  }
}
