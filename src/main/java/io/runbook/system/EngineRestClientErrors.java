package io.runbook.system;

import jakarta.annotation.Priority;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.form.FormException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * Caller mistakes on Camunda's REST API ({@code /engine-rest}) answer 4xx, not 500. Camunda's
 * resources catch most engine exceptions and rethrow them as a {@link RestException} with status 500
 * and the cause attached; these mappers look at the cause and answer, in Camunda's error shape
 * ({@code type}, {@code message}, {@code code}):
 * <ul>
 *   <li>409 for an {@link OptimisticLockingException} (the loser of two simultaneous completions), and
 *       for a database lock wait that timed out or a deadlock's victim (the loser too, rolled back);
 *   <li>404 when the addressed entity does not exist ("Cannot find task with id ...");
 *   <li>400 for a {@link BadUserRequestException} or a form validation failure (also the start form);
 *   <li>400 naming the field for a missing field of a request body that a resource unboxes
 *       (e.g. {@code retries} of {@code PUT /job/{id}/retries} with {@code {}}).
 * </ul>
 * Anything else goes to Camunda's own handling unchanged. Registered ahead of Camunda's mappers for
 * the same types ({@link Priority}).
 *
 * <p>The webapps (Tasklist, Cockpit, Admin) call their own copy of the same API, a separate Jersey
 * application at {@code /camunda/api/engine/*} (the servlet {@value #WEBAPP_ENGINE_API} that
 * Camunda's {@code CamundaBpmWebappInitializer} registers). The same mapper classes are named in
 * that servlet's {@link ServerProperties#PROVIDER_CLASSNAMES} init parameter, so Jersey adds them to
 * Camunda's application when it initialises the servlet. This is set from an initializer added to
 * the web server factory: those run after all {@code ServletContextInitializer} beans (Camunda's
 * among them), and before the servlet initialises on its first request.
 */
@Component
public class EngineRestClientErrors
    implements ResourceConfigCustomizer, WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {

  /** The webapps' copy of the engine REST API, as Camunda's webapp initializer names its servlet. */
  static final String WEBAPP_ENGINE_API = "Engine Api";

  /** {@code org.h2.api.ErrorCode.LOCK_TIMEOUT_1}: "Timeout trying to lock table". */
  static final int H2_LOCK_TIMEOUT = 50200;

  /** The mappers, for {@code /engine-rest} and the webapps' API alike; Jersey creates them by class. */
  static final List<Class<? extends ExceptionMapper<?>>> MAPPERS =
      List.of(RestExceptions.class, EngineExceptions.class, MissingFields.class);

  /** {@code /engine-rest}. */
  @Override
  public void customize(ResourceConfig config) {
    MAPPERS.forEach(mapper -> config.register(mapper, 1));
  }

  /** The webapps' API: see the class comment. */
  @Override
  public void customize(ConfigurableServletWebServerFactory factory) {
    factory.addInitializers(EngineRestClientErrors::registerWithWebappEngineApi);
  }

  static void registerWithWebappEngineApi(ServletContext servletContext) {
    ServletRegistration api = servletContext.getServletRegistration(WEBAPP_ENGINE_API);
    if (api == null) {
      return; // the webapps are switched off
    }
    String classNames = MAPPERS.stream().map(Class::getName).collect(Collectors.joining(","));
    if (!api.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES, classNames)) {
      throw new IllegalStateException("The servlet '" + WEBAPP_ENGINE_API + "' already has "
          + ServerProperties.PROVIDER_CLASSNAMES + "=" + api.getInitParameter(ServerProperties.PROVIDER_CLASSNAMES)
          + "; cannot add " + classNames);
    }
  }

  /** The 4xx a failure deserves, with the type name of the decisive cause; empty when it is a server error. */
  static Optional<Response> clientError(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof OptimisticLockingException) {
        return Optional.of(answer(409, cause, thrown.getMessage()
            + " (changed at the same time by another request; reload and retry)"));
      }
      if (cause instanceof SQLException sql && waitedForAnotherTransaction(sql)) {
        return Optional.of(answer(409, cause, "The same data was being changed by another request and did not"
            + " become free in time; nothing was changed, retry (" + sql.getMessage() + ")"));
      }
      if (cause instanceof NotFoundException
          || cause instanceof NullValueException && cause.getMessage() != null && cause.getMessage().startsWith("Cannot find ")) {
        return Optional.of(answer(404, cause, thrown.getMessage()));
      }
      if (cause instanceof BadUserRequestException || cause instanceof FormException) {
        return Optional.of(answer(400, cause, thrown.getMessage()));
      }
    }
    return Optional.empty();
  }

  /**
   * The database gave up waiting for another transaction's row lock, or chose this transaction as
   * a deadlock's or serialization conflict's victim: the same kind of loss as an optimistic locking
   * conflict (H2 waits 2 s for a lock by default: two throws of one escalation, or two completions
   * on one incident, under load). The transaction was rolled back, so a retry is safe.
   */
  static boolean waitedForAnotherTransaction(SQLException sql) {
    String state = sql.getSQLState();
    return "40001".equals(state) // serialization failure; H2's deadlock
        || "40P01".equals(state) // PostgreSQL: deadlock detected
        || "55P03".equals(state) // PostgreSQL: lock not available (lock_timeout)
        || "HYT00".equals(state) && sql.getErrorCode() == H2_LOCK_TIMEOUT;
  }

  private static Response answer(int status, Throwable cause, String message) {
    ExceptionDto dto = new ExceptionDto();
    dto.setType(cause.getClass().getSimpleName());
    dto.setMessage(message);
    if (cause instanceof ProcessEngineException engine) {
      dto.setCode(engine.getCode());
    }
    return Response.status(status).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Response camundas(Throwable thrown) {
    return ExceptionHandlerHelper.getInstance().getResponse(thrown);
  }

  @Priority(1)
  public static final class RestExceptions implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException thrown) {
      if (thrown.getStatus() != null && thrown.getStatus().getStatusCode() != 500) {
        return camundas(thrown);
      }
      return clientError(thrown).orElseGet(() -> camundas(thrown));
    }
  }

  @Priority(1)
  public static final class EngineExceptions implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException thrown) {
      return clientError(thrown).orElseGet(() -> camundas(thrown));
    }
  }

  /**
   * A resource unboxing a field the body left out: Java names the DTO getter in the message
   * ("... because the return value of "...RetriesDto.getRetries()" is null").
   */
  @Priority(1)
  public static final class MissingFields implements ExceptionMapper<NullPointerException> {
    private static final Pattern DTO_GETTER =
        Pattern.compile("return value of \"org\\.camunda\\.bpm\\.engine\\.rest\\.dto\\.[\\w.$]+\\.(?:get|is)(\\w+)\\(\\)\" is null");

    @Override
    public Response toResponse(NullPointerException thrown) {
      Matcher getter = DTO_GETTER.matcher(String.valueOf(thrown.getMessage()));
      if (!getter.find()) {
        return camundas(thrown);
      }
      String field = Character.toLowerCase(getter.group(1).charAt(0)) + getter.group(1).substring(1);
      ExceptionDto dto = new ExceptionDto();
      dto.setType("InvalidRequestException");
      dto.setMessage("'" + field + "' is required");
      return Response.status(400).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
  }
}
