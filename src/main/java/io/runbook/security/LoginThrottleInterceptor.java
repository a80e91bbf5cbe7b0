package io.runbook.security;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CheckPassword;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Puts {@link LoginThrottle} in front of every password check of the engine, whichever route asked
 * for it: HTTP Basic on {@code /engine-rest/**} and {@code /api/**}, the webapps' login form, and
 * also the checks that answer 200 or 400 rather than 401 ({@code POST /engine-rest/identity/verify},
 * the current password when changing one's own), which would otherwise let any logged-in person
 * guess other people's passwords at full speed now that the engine no longer locks users.
 */
@Component
public class LoginThrottleInterceptor extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new Throttling());
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The engine command interceptor: {@link CheckPassword} through the throttle, everything else as is. */
  static final class Throttling extends CommandInterceptor {

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Command<T> command) {
      if (command instanceof CheckPassword check) {
        Boolean result = LoginThrottle.check(userIdOf(check), () -> Boolean.TRUE.equals(next.execute(command)));
        return (T) result;
      }
      return next.execute(command);
    }
  }

  /** CheckPassword keeps its user id in a package-private field; without it, failures count under "". */
  private static final Field USER_ID = userIdField();

  private static Field userIdField() {
    try {
      Field field = CheckPassword.class.getDeclaredField("userId");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException unavailable) {
      return null;
    }
  }

  static String userIdOf(CheckPassword check) {
    try {
      return USER_ID == null ? null : (String) USER_ID.get(check);
    } catch (IllegalAccessException unreadable) {
      return null;
    }
  }
}
