package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.security.EndpointInventory.Endpoint;
import io.runbook.security.EndpointPolicy.Access;
import io.runbook.system.RunbookGroups;
import io.runbook.testing.WebTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The public surface is only what {@link EndpointPolicy} names as public: every other endpoint of
 * the running application, Camunda's REST API resource by resource, refuses a caller without
 * credentials.
 */
@WebTest
class EndpointSecurityTest {

  @LocalServerPort int port;
  @Autowired ServletWebServerApplicationContext context;
  @Autowired IdentityService identity;
  @Autowired FilterRegistrationBean<EngineAuthenticationFilter> runbookAuthenticationFilter;

  private final HttpClient http = HttpClient.newHttpClient();

  private List<Endpoint> inventory() {
    return EndpointInventory.all(context, context.getServletContext());
  }

  private HttpResponse<String> call(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .method(method, BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void everyEndpointIsClassifiedAsPublicProtectedOrMachine() {
    List<Endpoint> endpoints = inventory();
    assertThat(endpoints).as("endpoints found").hasSizeGreaterThan(300);
    assertThat(endpoints).extracting(Endpoint::template)
        .contains("/engine-rest/process-definition", "/engine-rest/process-instance", "/engine-rest/task",
            "/engine-rest/history/process-instance", "/engine-rest/user", "/engine-rest/group",
            "/engine-rest/deployment", "/engine-rest/variable-instance", "/engine-rest/job",
            "/engine-rest/incident", "/engine-rest/authorization", "/actuator/health");

    List<Endpoint> unclassified = endpoints.stream()
        .filter(endpoint -> EndpointPolicy.ruleFor(endpoint.samplePath()).isEmpty()).toList();
    Map<Access, Long> counts = new TreeMap<>();
    endpoints.forEach(e -> counts.merge(EndpointPolicy.accessFor(e.samplePath()), 1L, Long::sum));
    System.out.println("Endpoint inventory: " + endpoints.size() + " endpoints, by access " + counts);
    assertThat(unclassified)
        .as("endpoints that io.runbook.security.EndpointPolicy does not name: add a rule saying who may call them")
        .isEmpty();
  }

  @Test
  void theClassificationTestCatchesAnEndpointNobodyNamed() {
    Endpoint statusPage = new Endpoint("a new controller", "GET", "/status/{incidentId}");
    assertThat(EndpointPolicy.ruleFor(statusPage.samplePath())).isEmpty();
    assertThat(EndpointPolicy.accessFor(statusPage.samplePath())).as("until named, it needs credentials")
        .isEqualTo(Access.BASIC);
  }

  @TestFactory
  Stream<DynamicTest> everyProtectedEndpointAnswers401WithoutCredentials() {
    List<Endpoint> protectedEndpoints = inventory().stream()
        .filter(endpoint -> EndpointPolicy.accessFor(endpoint.samplePath()) == Access.BASIC)
        .toList();
    assertThat(protectedEndpoints).hasSizeGreaterThan(300);
    return protectedEndpoints.stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.toString(), () -> {
      String method = endpoint.method().equals("*") ? "GET" : endpoint.method();
      HttpResponse<String> response = call(method, endpoint.samplePath());
      assertThat(response.statusCode()).as("%s %s", method, endpoint.samplePath()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          challenge -> assertThat(challenge).startsWith("Basic realm=\"Runbook\""));
      assertThat(response.body()).as("no data in a 401")
          .isEqualTo("{\"type\":\"AuthenticationRequired\",\"message\":\"Log in with HTTP Basic as a Runbook user\"}");
    }));
  }

  @Test
  void wrongCredentialsAre401Too() throws Exception {
    String lockedOutIfTried = "endpointtester";
    if (identity.createUserQuery().userId(lockedOutIfTried).count() == 0) {
      var user = identity.newUser(lockedOutIfTried);
      user.setPassword("right-Passw0rd!");
      identity.saveUser(user);
    }
    for (String credentials : List.of(lockedOutIfTried + ":wrong", "nobody:nobody", ":", "responder")) {
      String header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response = call("GET", "/engine-rest/user", "Authorization", header);
      assertThat(response.statusCode()).as(credentials).isEqualTo(401);
      assertThat(response.body()).doesNotContain("responder");
    }
    assertThat(call("GET", "/engine-rest/user", "Authorization", "Basic !!not-base64!!").statusCode()).isEqualTo(401);
    assertThat(call("GET", "/engine-rest/user", "Authorization", "Bearer abc").statusCode()).isEqualTo(401);
  }

  @Test
  void theDoneWhenCallsAre401WithoutAnd200WithResponderCredentials() throws Exception {
    String responder = "Basic " + Base64.getEncoder().encodeToString("responder:responder".getBytes(StandardCharsets.UTF_8));
    for (String path : List.of("/engine-rest/user", "/engine-rest/task", "/engine-rest/history/process-instance")) {
      assertThat(call("GET", path).statusCode()).as(path).isEqualTo(401);
      assertThat(call("GET", path, "Authorization", responder).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void aBrowserCannotBeMadeToChangeThingsFromAnotherSite() throws Exception {
    String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    String path = "/engine-rest/process-definition/key/incident-response/suspended";
    HttpRequest.Builder suspend = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", admin).header("Content-Type", "application/json")
        .PUT(BodyPublishers.ofString("{\"suspended\":true,\"includeProcessInstances\":false}"));

    HttpResponse<String> crossSite = http.send(suspend.copy().header("Origin", "https://attacker.example").build(),
        BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("another site");
    assertThat(http.send(suspend.copy().header("Origin", "null").build(), BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    assertThat(call("GET", "/engine-rest/process-definition/key/incident-response", "Authorization", admin,
        "Origin", "https://attacker.example").statusCode()).as("reading is not a change").isEqualTo(200);
    assertThat(call("GET", "/engine-rest/process-definition/key/incident-response", "Authorization", admin)
        .body()).contains("\"suspended\":false");

    HttpResponse<String> sameSite = http.send(suspend.copy().header("Origin", "http://localhost:" + port)
        .PUT(BodyPublishers.ofString("{\"suspended\":false,\"includeProcessInstances\":false}")).build(),
        BodyHandlers.ofString());
    assertThat(sameSite.statusCode()).as("a page of Runbook itself, or an API client").isEqualTo(204);
  }

  @Test
  void pathTricksDoNotSkipAuthentication() throws Exception {
    for (String path : List.of(
        "/api/alerts/../../engine-rest/user",
        "/api/alerts/..;/..;/engine-rest/user",
        "/api/events/%2e%2e/%2e%2e/engine-rest/user",
        "/actuator/health/../../engine-rest/user",
        "/camunda/../engine-rest/user",
        "/engine-rest;jsessionid=x/user",
        "//engine-rest/user",
        "/engine-rest//user")) {
      HttpResponse<String> response = call("GET", path);
      assertThat(response.statusCode()).as(path).isIn(400, 401);
      assertThat(response.body()).as(path).doesNotContain("responder");
    }
  }

  @Test
  void thePublicSurfaceAnswersWithoutCredentials() throws Exception {
    assertThat(call("GET", "/actuator/health").body()).isEqualTo("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}");
    // A load balancer's probes, without login; they say UP or DOWN and nothing else.
    for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
      HttpResponse<String> response = call("GET", probe);
      assertThat(response.statusCode()).as(probe).isEqualTo(200);
      assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
    }
    for (String component : List.of("/actuator/health/database", "/actuator/health/readiness/database",
        "/actuator/health/readinessState", "/actuator/health/diskSpace", "/actuator/health/jobExecutor")) {
      assertThat(call("GET", component).statusCode()).as(component).isEqualTo(404);
    }
    assertThat(call("GET", "/camunda/app/tasklist/default/").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/camunda/app/cockpit/default/").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/").headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/camunda/app/"));
    // Actuator shows health only: no index of endpoints, no info.
    assertThat(call("GET", "/actuator").statusCode()).isEqualTo(401);
    assertThat(call("GET", "/actuator/info").statusCode()).isEqualTo(401);
  }

  @Test
  void webappDataNeedsALoginSession() throws Exception {
    List<String> open = new ArrayList<>();
    String webappEngine = "/camunda/api/engine/engine/default";
    for (String path : List.of("/task", "/user", "/group", "/process-instance", "/process-definition",
        "/history/process-instance", "/history/task", "/history/variable-instance", "/variable-instance",
        "/deployment", "/job", "/incident", "/authorization", "/filter")) {
      HttpResponse<String> response = call("GET", webappEngine + path);
      if (response.statusCode() != 401) {
        open.add(path + " -> " + response.statusCode());
      }
    }
    for (String path : List.of("/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
        "/camunda/api/admin/auth/user/default/profile", "/camunda/api/tasklist/plugin/x/default/x")) {
      if (call("GET", path).statusCode() != 401) {
        open.add(path);
      }
    }
    assertThat(open).as("webapp API paths answering without a session").isEmpty();
  }

  @Test
  void machineIngestionPathsAreLeftToTheirTokenCheck() throws Exception {
    for (String path : List.of("/api/alerts/monitoring", "/api/events/x")) {
      assertThat(EndpointPolicy.accessFor(path)).isEqualTo(Access.MACHINE_TOKEN);
      HttpResponse<String> response = call("POST", path);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
          .as("no HTTP Basic challenge on %s", path).doesNotStartWith("Basic");
    }
  }

  @Test
  void personApiCallsRunAsTheAuthenticatedUserAndNobodyAfterwards() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/incidents");
    request.setServletPath("/api/incidents");
    request.addHeader("Authorization",
        "Basic " + Base64.getEncoder().encodeToString("lead:lead".getBytes(StandardCharsets.UTF_8)));
    AtomicReference<Authentication> seen = new AtomicReference<>();

    runbookAuthenticationFilter.getFilter().doFilter(request, new MockHttpServletResponse(),
        (req, res) -> seen.set(identity.getCurrentAuthentication()));

    assertThat(seen.get()).isNotNull();
    assertThat(seen.get().getUserId()).isEqualTo("lead");
    assertThat(seen.get().getGroupIds()).contains(RunbookGroups.TEAM_LEADS, RunbookGroups.RESPONDERS);
    assertThat(identity.getCurrentAuthentication()).as("cleared after the request").isNull();
  }

  @Test
  void listQueriesWithoutPageSizeGetTheFirstPageAndOversizedPagesA400() throws Exception {
    String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    assertThat(call("GET", "/engine-rest/user", "Authorization", admin).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/engine-rest/user?firstResult=0", "Authorization", admin).statusCode()).isEqualTo(200);
    HttpResponse<String> tooMany = call("GET", "/engine-rest/user?maxResults=5000", "Authorization", admin);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("Max results limit of 2000 exceeded");
  }
}
