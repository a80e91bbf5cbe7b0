package io.runbook.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/** Creates the demo profile's users ({@code runbook.demo.users}) once; restarts change nothing. */
@Component
@Order(1)
@Profile("demo")
@EnableConfigurationProperties(DemoUsers.Properties.class)
public class DemoUsers extends AbstractProcessEnginePlugin {

  @Validated
  @ConfigurationProperties(prefix = "runbook.demo")
  public record Properties(List<@Valid DemoUser> users) {
    public Properties {
      users = users == null ? List.of() : List.copyOf(users);
    }
  }

  public record DemoUser(
      @NotBlank String id,
      @NotBlank String password,
      String firstName,
      String lastName,
      String email,
      List<String> groups) {}

  private final Properties properties;

  public DemoUsers(Properties properties) {
    this.properties = properties;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    createDemoUsers(engine.getIdentityService());
  }

  void createDemoUsers(IdentityService identityService) {
    for (DemoUser demo : properties.users()) {
      if (identityService.createUserQuery().userId(demo.id()).count() == 0) {
        User user = identityService.newUser(demo.id());
        user.setPassword(demo.password());
        user.setFirstName(demo.firstName());
        user.setLastName(demo.lastName());
        user.setEmail(demo.email());
        identityService.saveUser(user);
      }
      for (String group : demo.groups() == null ? List.<String>of() : demo.groups()) {
        boolean member = identityService.createUserQuery().userId(demo.id()).memberOfGroup(group).count() > 0;
        if (!member) {
          identityService.createMembership(demo.id(), group);
        }
      }
    }
  }
}
