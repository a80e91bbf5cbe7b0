package io.runbook.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /error} is the container's error page. Requested directly (not forwarded to by an error),
 * Spring Boot's error controller has no status to report and answers 500 ("status":999); it is a
 * page that does not exist for callers, so it answers 404.
 */
@Configuration(proxyBeanMethods = false)
public class DirectErrorPageFilter {

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> directErrorPage() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null) {
          chain.doFilter(request, response);
          return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"NotFound\",\"message\":\"No such page: /error\"}");
      }
    });
    registration.addUrlPatterns("/error");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setName("directErrorPage");
    return registration;
  }
}
