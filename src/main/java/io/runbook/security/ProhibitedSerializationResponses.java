package io.runbook.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * Java serialization of variables is switched off ({@code javaSerializationFormatEnabled=false}),
 * and the engine refuses such a variable with ENGINE-17007; Camunda's REST API reports that refusal
 * as a 500. It is the caller's bad input, so Runbook answers 400 with the engine's message.
 */
@Component
public class ProhibitedSerializationResponses implements ResourceConfigCustomizer {

  static final String PROHIBITED = "Java serialization format is prohibited";

  @Override
  public void customize(org.glassfish.jersey.server.ResourceConfig config) {
    config.register(new AsBadRequest());
  }

  static final class AsBadRequest implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      if (response.getStatus() == 500
          && response.getEntity() instanceof ExceptionDto error
          && error.getMessage() != null
          && error.getMessage().contains(PROHIBITED)) {
        response.setStatus(400);
      }
    }
  }
}
