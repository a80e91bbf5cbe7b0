package io.runbook.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Stops a {@code prod} start before anything is created when the administrator's password is
 * missing from the environment or too weak for the engine's password policy, or when the demo
 * profile (users whose password is their id) is active too; and a {@code postgres} start (with or
 * without {@code prod}) when the database connection is missing from the environment. The reason
 * and the fix are printed by {@link ProductionSettingsFailureAnalyzer}.
 */
public class ProductionSettingsCheck implements EnvironmentPostProcessor, Ordered {

  public static final String PROD = "prod";
  public static final String DEMO = "demo";
  public static final String ADMIN_USER = "RUNBOOK_ADMIN_USER";
  public static final String ADMIN_PASSWORD = "RUNBOOK_ADMIN_PASSWORD";
  public static final String POSTGRES = "postgres";
  public static final String DB_URL = "RUNBOOK_DB_URL";
  public static final String DB_USER = "RUNBOOK_DB_USER";
  public static final String DB_PASSWORD = "RUNBOOK_DB_PASSWORD";

  /** Thrown when the prod profile cannot start safely; the message says what to change. */
  public static class UnsafeProductionSettings extends IllegalStateException {
    private final String action;

    public UnsafeProductionSettings(String description, String action) {
      super(description);
      this.action = action;
    }

    public String action() {
      return action;
    }
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.acceptsProfiles(Profiles.of(POSTGRES))) {
      checkDatabase(environment);
    }
    if (!environment.acceptsProfiles(Profiles.of(PROD))) {
      return;
    }
    if (environment.acceptsProfiles(Profiles.of(DEMO))) {
      throw new UnsafeProductionSettings(
          "The 'prod' and 'demo' profiles are both active; 'demo' creates users whose password is their user id.",
          "Start with --spring.profiles.active=prod only.");
    }
    String adminId = environment.getProperty(ADMIN_USER, "admin");
    String password = environment.getProperty(ADMIN_PASSWORD);
    if (!StringUtils.hasText(password)) {
      throw new UnsafeProductionSettings(
          "The 'prod' profile needs the administrator's password in the environment variable "
              + ADMIN_PASSWORD + ", and it is not set.",
          "Set " + ADMIN_PASSWORD + " (and optionally " + ADMIN_USER + ", default 'admin') before starting, "
              + "e.g. " + ADMIN_PASSWORD + "='<a strong password>' java -jar runbook.jar --spring.profiles.active=prod");
    }
    List<String> problems = policyProblems(adminId, password);
    if (!problems.isEmpty()) {
      throw new UnsafeProductionSettings(
          "The administrator password in " + ADMIN_PASSWORD + " is too weak: it " + String.join(", ", problems) + ".",
          "Choose a password of at least 10 characters with a lower-case and an upper-case letter, a digit and "
              + "a special character, not containing the user id '" + adminId + "'.");
    }
  }

  /**
   * The {@code postgres} profile takes its connection from three variables; all must be set (the
   * password may be empty, for a server that trusts the node), and the URL must be PostgreSQL's.
   */
  static void checkDatabase(ConfigurableEnvironment environment) {
    List<String> missing = new ArrayList<>();
    for (String name : List.of(DB_URL, DB_USER)) {
      if (!StringUtils.hasText(environment.getProperty(name))) {
        missing.add(name);
      }
    }
    if (environment.getProperty(DB_PASSWORD) == null) {
      missing.add(DB_PASSWORD);
    }
    if (!missing.isEmpty()) {
      throw new UnsafeProductionSettings(
          "The 'postgres' profile takes the database connection from the environment, and "
              + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set.",
          "Set " + DB_URL + " (e.g. jdbc:postgresql://db.example.com:5432/runbook), " + DB_USER + " and "
              + DB_PASSWORD + " before starting; see docs/database.md.");
    }
    String url = environment.getProperty(DB_URL);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UnsafeProductionSettings(
          DB_URL + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, and it does not.",
          "Set " + DB_URL + " to e.g. jdbc:postgresql://db.example.com:5432/runbook; see docs/database.md.");
    }
  }

  /** Camunda's default password policy, as the engine applies it to the admin user it creates. */
  static List<String> policyProblems(String adminId, String password) {
    UserEntity admin = new UserEntity(adminId);
    admin.setFirstName(StringUtils.capitalize(adminId));
    admin.setLastName(StringUtils.capitalize(adminId));
    List<String> problems = new ArrayList<>();
    for (PasswordPolicyRule rule : new DefaultPasswordPolicyImpl().getRules()) {
      if (!rule.execute(password, admin)) {
        problems.add(describe(rule));
      }
    }
    return problems;
  }

  private static String describe(PasswordPolicyRule rule) {
    String placeholder = rule.getPlaceholder().replace("PASSWORD_POLICY_", "");
    return switch (placeholder) {
      case "USER_DATA" -> "contains the user's id or name";
      case "LENGTH" -> "has fewer than " + rule.getParameters().get("minLength") + " characters";
      case "LOWERCASE" -> "has no lower-case letter";
      case "UPPERCASE" -> "has no upper-case letter";
      case "DIGIT" -> "has no digit";
      case "SPECIAL" -> "has no special character";
      default -> "breaks rule " + placeholder;
    };
  }

  /** After the config files are read, so profiles set in them count. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
