package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.system.RunbookGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The prod profile: only the administrator from the environment, secure cookies, HSTS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "RUNBOOK_ADMIN_PASSWORD=" + ProductionProfileTest.PASSWORD)
@ActiveProfiles({"prod", "test"})
class ProductionProfileTest {

  static final String PASSWORD = "Incident-Resp0nse!";

  @LocalServerPort int port;
  @Autowired IdentityService identity;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
  }

  @Test
  void onlyTheAdministratorExistsAndLogsInWithThePasswordFromTheEnvironment() throws Exception {
    assertThat(identity.createUserQuery().list()).extracting(User::getId).containsExactly("admin");
    assertThat(identity.createGroupQuery().list()).extracting(g -> g.getId())
        .contains(RunbookGroups.RESPONDERS, RunbookGroups.AUDITORS, RunbookGroups.ADMINS);

    assertThat(send(request("/engine-rest/user").header("Authorization", basic("admin", PASSWORD))).statusCode())
        .isEqualTo(200);
    assertThat(send(request("/engine-rest/user").header("Authorization", basic("admin", "admin"))).statusCode())
        .isEqualTo(401);
    assertThat(send(request("/engine-rest/user").header("Authorization", basic("responder", "responder"))).statusCode())
        .isEqualTo(401);
  }

  @Test
  void webappCookiesAreSecureAndSameSiteAndBrowsersAreToldToStayOnHttps() throws Exception {
    HttpResponse<String> page = send(request("/camunda/app/tasklist/default/"));
    assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    String csrf = cookie(page, "XSRF-TOKEN");
    assertThat(csrf).contains("Secure").contains("SameSite=Lax");

    String token = csrf.substring("XSRF-TOKEN=".length(), csrf.indexOf(';'));
    String session = cookie(page, "JSESSIONID");
    HttpResponse<String> login = send(request("/camunda/api/admin/auth/user/default/login/tasklist")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", token)
        .header("Cookie", "XSRF-TOKEN=" + token + "; " + session.substring(0, session.indexOf(';')))
        .POST(BodyPublishers.ofString("username=admin&password=" + PASSWORD)));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(cookie(login, "JSESSIONID")).contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
  }

  @Test
  void passwordsSetThroughTheEngineFollowThePasswordPolicy() {
    User weak = identity.newUser("oncall");
    weak.setPassword("oncall");
    assertThatThrownBy(() -> identity.saveUser(weak)).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("Password does not match policy");
    assertThat(identity.createUserQuery().userId("oncall").count()).isZero();
  }

}
