package io.runbook.report;

import io.runbook.security.WebSecurityConfiguration;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scrape filter, right after the authentication filters (see WebSecurityConfiguration). */
@Configuration
public class ReportConfiguration {

  @Bean
  FilterRegistrationBean<MetricsScrapeFilter> runbookMetricsScrapeFilter(IdentityService identity, MetricsReaders readers,
      IncidentGauges gauges) {
    FilterRegistrationBean<MetricsScrapeFilter> registration =
        new FilterRegistrationBean<>(new MetricsScrapeFilter(identity, readers, gauges));
    registration.setName("runbookMetricsScrapeFilter");
    registration.addUrlPatterns("/actuator/*");
    registration.setOrder(WebSecurityConfiguration.AUTHENTICATION_ORDER + 3);
    return registration;
  }
}
