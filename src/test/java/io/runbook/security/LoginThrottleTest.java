package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbook.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Failed logins slow down the client that makes them and never lock an account: real HTTP against
 * the running application, with the throttle's timings shortened (5 free failures, then 1 s
 * doubling up to 2 s). Each test attacks from its own client address, sent as X-Forwarded-For
 * through Tomcat's RemoteIpValve as the TLS proxy does in production, so tests do not share state.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "runbook.security.login-throttle.max-failures=5",
      "runbook.security.login-throttle.initial-back-off=1s",
      "runbook.security.login-throttle.max-back-off=2s",
      "runbook.security.login-throttle.window=10s",
      "server.forward-headers-strategy=native"
    })
@ActiveProfiles({"demo", "test"})
class LoginThrottleTest {

  static final int FREE_FAILURES = 5;

  /** A fresh documentation address (203.0.113.0/24) per call, so each test is its own client. */
  private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(1);

  /** The application's clock, moved by the tests instead of waiting out each back-off. */
  @TestConfiguration
  static class DrivenClock {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock(Instant.now());
    }
  }

  @Autowired TestClock clock;
  @LocalServerPort int port;
  @Autowired IdentityService identity;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private static String newClient() {
    return "203.0.113." + NEXT_CLIENT.getAndIncrement();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String client, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("X-Forwarded-For", client);
  }

  /** GET /engine-rest/user with HTTP Basic from the given client. */
  private HttpResponse<String> basicLogin(String client, String user, String password) throws Exception {
    return http.send(request(client, "/engine-rest/user").header("Authorization", basic(user, password)).build(),
        BodyHandlers.ofString());
  }

  private static void assertThrottled(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
    assertThat(response.body()).contains("\"type\":\"TooManyFailedLogins\"");
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return Duration.ofSeconds(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()));
  }

  private UserEntity engineUser(String id) {
    return (UserEntity) identity.createUserQuery().userId(id).singleResult();
  }

  @Test
  void wrongPasswordsForAdminSlowDownTheirClientButNeverLockAdmin() throws Exception {
    String attacker = newClient();
    for (int i = 1; i <= FREE_FAILURES; i++) {
      assertThat(basicLogin(attacker, "admin", "guess-" + i).statusCode()).as("failure %d", i).isEqualTo(401);
    }
    long throttledAt = System.nanoTime();

    // Even the right password is refused from that client, before it is checked...
    HttpResponse<String> refused = basicLogin(attacker, "admin", "admin");
    assertThrottled(refused);
    assertThat(refused.body()).doesNotContain("admin");

    // ...but admin is not locked in the engine: the engine accepts admin's password right now,
    UserEntity admin = engineUser("admin");
    assertThat(admin.getLockExpirationTime()).as("engine lock of admin")
        .satisfiesAnyOf(lock -> assertThat(lock).isNull(), lock -> assertThat(lock).isBeforeOrEqualTo(ClockUtil.getCurrentTime()));
    assertThat(identity.checkPassword("admin", "admin")).isTrue();
    // and admin logs in from their own machine while the attacker waits.
    assertThat(basicLogin(newClient(), "admin", "admin").statusCode()).isEqualTo(200);
    assertThrottled(basicLogin(attacker, "admin", "admin"));

    // After the back-off, the right password works from the attacker's address too.
    clock.advance(retryAfter(refused));
    HttpResponse<String> after = basicLogin(attacker, "admin", "admin");
    assertThat(after.statusCode()).isEqualTo(200);
    System.out.printf("throttled for %d ms after %d failures; Retry-After %s s%n",
        (System.nanoTime() - throttledAt) / 1_000_000, FREE_FAILURES, refused.headers().firstValue("Retry-After").get());
  }

  @Test
  void thirtyWrongPasswordsSpacedPastEachBackOffNeverLockTheUser() throws Exception {
    String user = "lockcandidate";
    if (identity.createUserQuery().userId(user).count() == 0) {
      User created = identity.newUser(user);
      created.setPassword("right-Passw0rd!");
      identity.saveUser(created);
    }
    String attacker = newClient();
    int failures = 0;
    int refusals = 0;
    long started = System.nanoTime();
    while (failures < 32) {
      HttpResponse<String> response = basicLogin(attacker, user, "wrong-" + failures);
      if (response.statusCode() == 429) {
        refusals++;
        clock.advance(retryAfter(response));
      } else {
        assertThat(response.statusCode()).isEqualTo(401);
        failures++;
      }
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("32 wrong passwords in %d ms, %d refusals with 429 in between%n", elapsedMillis, refusals);
    assertThat(refusals).as("the throttle made the attacker wait").isGreaterThanOrEqualTo(32 - FREE_FAILURES);

    // Every one of them reached the engine (which still counts them) and none locked the user.
    UserEntity engineUser = engineUser(user);
    assertThat(engineUser.getAttempts()).isEqualTo(32);
    assertThat(engineUser.getLockExpirationTime()).isBeforeOrEqualTo(new Date(ClockUtil.getCurrentTime().getTime()));

    // The right password works from anywhere: from a new client at once, from the attacker's after its wait.
    assertThat(basicLogin(newClient(), user, "right-Passw0rd!").statusCode()).isEqualTo(200);
    HttpResponse<String> last = basicLogin(attacker, user, "right-Passw0rd!");
    if (last.statusCode() == 429) {
      clock.advance(retryAfter(last));
      last = basicLogin(attacker, user, "right-Passw0rd!");
    }
    assertThat(last.statusCode()).isEqualTo(200);
  }

  /** A webapp session with its CSRF token, as the login page gives a browser. */
  private record WebappSession(String client, String cookies, String csrfToken) {}

  private WebappSession openLoginPage(String client) throws Exception {
    HttpResponse<String> page = http.send(request(client, "/camunda/app/tasklist/default/").build(), BodyHandlers.ofString());
    String csrf = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
    String session = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    String token = csrf.substring("XSRF-TOKEN=".length(), csrf.indexOf(';'));
    return new WebappSession(client, "XSRF-TOKEN=" + token + "; " + session.substring(0, session.indexOf(';')), token);
  }

  private HttpResponse<String> formLogin(WebappSession session, String user, String password) throws Exception {
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return http.send(request(session.client(), "/camunda/api/admin/auth/user/default/login/tasklist")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", session.csrfToken())
        .header("Cookie", session.cookies())
        .POST(BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
  }

  @Test
  void theWebappLoginFormIsThrottledTheSameWay() throws Exception {
    WebappSession attacker = openLoginPage(newClient());
    for (int i = 1; i <= FREE_FAILURES; i++) {
      assertThat(formLogin(attacker, "admin", "guess-" + i).statusCode()).as("failure %d", i).isEqualTo(401);
    }
    HttpResponse<String> refused = formLogin(attacker, "admin", "admin");
    assertThrottled(refused);
    // The same client is refused on the REST API as well: one count per client, whatever the route.
    assertThrottled(basicLogin(attacker.client(), "admin", "admin"));
    assertThat(identity.checkPassword("admin", "admin")).as("admin not locked in the engine").isTrue();

    clock.advance(retryAfter(refused));
    HttpResponse<String> loggedIn = formLogin(attacker, "admin", "admin");
    assertThat(loggedIn.statusCode()).isEqualTo(200);
    assertThat(json.readTree(loggedIn.body()).get("userId").asText()).isEqualTo("admin");
  }

  @Test
  void aRefusalLooksTheSameForUsersThatExistAndUsersThatDoNot() throws Exception {
    // Failures for an unknown user count exactly like failures for a real one...
    String knownGuesser = newClient();
    String unknownGuesser = newClient();
    for (int i = 1; i <= FREE_FAILURES; i++) {
      assertThat(basicLogin(knownGuesser, "responder", "guess-" + i).statusCode()).isEqualTo(401);
      assertThat(basicLogin(unknownGuesser, "no-such-user", "guess-" + i).statusCode()).isEqualTo(401);
    }
    // ...and the refusals that follow are the same, byte for byte, whatever they name.
    HttpResponse<String> known = basicLogin(knownGuesser, "responder", "responder");
    HttpResponse<String> unknown = basicLogin(unknownGuesser, "no-such-user", "responder");
    HttpResponse<String> unknownFromKnownGuesser = basicLogin(knownGuesser, "no-such-user", "x");
    for (HttpResponse<String> refusal : java.util.List.of(known, unknown, unknownFromKnownGuesser)) {
      assertThrottled(refusal);
    }
    assertThat(known.body()).isEqualTo(unknown.body()).isEqualTo(unknownFromKnownGuesser.body())
        .doesNotContain("responder").doesNotContain("no-such-user");
    assertThat(known.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
    JsonNode body = json.readTree(known.body());
    assertThat(body.get("message").asText()).contains("Too many failed logins");
  }

  /** {@code count} wrong Basic logins for admin from one client, sent at once; their status codes. */
  private java.util.List<Integer> parallelGuesses(String client, int count) {
    var pending = java.util.stream.IntStream.range(0, count).mapToObj(i -> http.sendAsync(
            request(client, "/engine-rest/user").header("Authorization", basic("admin", "parallel-" + i)).build(),
            BodyHandlers.discarding()))
        .toList();
    return pending.stream().map(java.util.concurrent.CompletableFuture::join).map(HttpResponse::statusCode).toList();
  }

  @Test
  void parallelGuessesDoNotSlipPastTheThrottle() throws Exception {
    String attacker = newClient();
    java.util.List<Integer> first = parallelGuesses(attacker, 40);
    assertThat(first).containsOnly(401, 429);
    assertThat(first.stream().filter(status -> status == 401).count()).as("checked of 40 at once: %s", first)
        .isBetween((long) FREE_FAILURES, (long) FREE_FAILURES + LoginThrottle.PARALLEL_LOGINS);

    // When the wait is over, a burst gets exactly one password checked.
    HttpResponse<String> refused = basicLogin(attacker, "admin", "admin");
    assertThrottled(refused);
    clock.advance(retryAfter(refused));
    java.util.List<Integer> burst = parallelGuesses(attacker, 20);
    assertThat(burst.stream().filter(status -> status == 401).count()).as("checked of 20 at once: %s", burst).isEqualTo(1);
    assertThat(burst).containsOnly(401, 429);
  }

  @Test
  void loggingInAsOneselfDoesNotBuyMoreGuessesAtSomeoneElse() throws Exception {
    String insider = newClient();
    // A logged-in responder guesses admin's password through the engine's verify endpoint, which
    // answers 200 either way, and logs in as himself in between.
    for (int i = 1; i <= FREE_FAILURES; i++) {
      HttpResponse<String> verify = http.send(request(insider, "/engine-rest/identity/verify")
          .header("Authorization", basic("responder", "responder"))
          .header("Content-Type", "application/json")
          .POST(BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"guess-" + i + "\"}")).build(),
          BodyHandlers.ofString());
      assertThat(verify.statusCode()).as("verify %d: %s", i, verify.body()).isEqualTo(200);
      assertThat(json.readTree(verify.body()).get("authenticated").asBoolean()).isFalse();
    }
    assertThrottled(basicLogin(insider, "responder", "responder"));

    // A typo followed by the right password costs nothing: those failures are taken back.
    String typist = newClient();
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i < FREE_FAILURES; i++) {
        assertThat(basicLogin(typist, "lead", "laed").statusCode()).isEqualTo(401);
      }
      assertThat(basicLogin(typist, "lead", "lead").statusCode()).as("round %d", round).isEqualTo(200);
    }
  }
}
