package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link LoginThrottle}'s bookkeeping on a clock the test moves: back-off, window, memory bound, keys. */
@Tag("unit")
class LoginThrottleBackOffTest {

  final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));

  LoginThrottle throttle(int maxFailures, String window, String initial, String max, int maxClients) {
    return new LoginThrottle(new LoginThrottleProperties(maxFailures, Duration.parse(window), Duration.parse(initial),
        Duration.parse(max), maxClients), clock);
  }

  LoginThrottle defaults() {
    return throttle(5, "PT15M", "PT1S", "PT5M", 10_000);
  }

  @Test
  void theFirstFailuresAreFreeThenEachFailureDoublesTheWaitUpToTheMaximum() {
    LoginThrottle throttle = defaults();
    for (int i = 1; i < 5; i++) {
      throttle.failed("10.0.0.1", "admin");
      assertThat(throttle.waitFor("10.0.0.1")).as("after failure %d", i).isEmpty();
    }
    long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300};
    for (long expected : expectedSeconds) {
      throttle.failed("10.0.0.1", "admin");
      assertThat(throttle.waitFor("10.0.0.1")).hasValue(Duration.ofSeconds(expected));
      clock.advance(Duration.ofSeconds(expected - 1));
      assertThat(throttle.waitFor("10.0.0.1")).hasValue(Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
    }
    assertThat(throttle.waitFor("10.0.0.2")).as("another client").isEmpty();
  }

  @Test
  void aClientQuietForTheWindowStartsAfresh() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 7; i++) {
      throttle.failed("10.0.0.1", "admin");
    }
    clock.advance(Duration.ofMinutes(15));
    throttle.failed("10.0.0.1", "admin");
    assertThat(throttle.waitFor("10.0.0.1")).as("one failure after a quiet window").isEmpty();
  }

  @Test
  void successTakesBackTheFailuresForThatUserOnly() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 4; i++) {
      throttle.failed("10.0.0.1", "admin");
    }
    throttle.succeeded("10.0.0.1", "responder");
    throttle.failed("10.0.0.1", "admin");
    assertThat(throttle.waitFor("10.0.0.1")).as("own login does not reset guesses at admin").isPresent();

    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 4; i++) {
      throttle.failed("10.0.0.1", "lead");
    }
    throttle.succeeded("10.0.0.1", "lead");
    for (int i = 0; i < 4; i++) {
      throttle.failed("10.0.0.1", "lead");
    }
    assertThat(throttle.waitFor("10.0.0.1")).as("typos followed by the right password are taken back").isEmpty();
  }

  @Test
  void memoryIsBoundedByForgettingTheLeastRecentlySeenClients() {
    LoginThrottle throttle = throttle(1, "PT15M", "PT1S", "PT5M", 100);
    throttle.failed("10.0.0.1", "admin");
    for (int i = 0; i < 200; i++) {
      throttle.failed("10.1.0." + i, "admin");
    }
    assertThat(throttle.waitFor("10.0.0.1")).isEmpty();
    assertThat(throttle.waitFor("10.1.0.199")).isPresent();
  }

  @Test
  void manyUserNamesStillCountForTheirClient() {
    LoginThrottle throttle = throttle(100, "PT15M", "PT1S", "PT5M", 100);
    for (int i = 0; i < 100; i++) {
      throttle.failed("10.0.0.1", "user" + i);
      throttle.succeeded("10.0.0.1", "someone-else");
    }
    assertThat(throttle.waitFor("10.0.0.1")).isPresent();
  }

  @Test
  void parallelGuessesCannotAllSlipThroughWhenAWaitEnds() {
    LoginThrottle throttle = defaults();
    // Below max-failures: the remaining free failures plus some room for a script's parallel calls.
    for (int i = 0; i < 5 + LoginThrottle.PARALLEL_LOGINS; i++) {
      assertThat(throttle.admit("10.0.0.1")).as("parallel login %d", i).isEmpty();
    }
    assertThat(throttle.admit("10.0.0.1")).hasValue(LoginThrottle.BUSY);
    for (int i = 0; i < 5 + LoginThrottle.PARALLEL_LOGINS; i++) {
      throttle.failed("10.0.0.1", "admin");
      throttle.release("10.0.0.1");
    }
    assertThat(throttle.admit("10.0.0.1")).as("waiting").isPresent();

    // Once the wait is over, one login at a time until it succeeds or fails.
    clock.advance(Duration.ofMinutes(5));
    assertThat(throttle.admit("10.0.0.1")).isEmpty();
    assertThat(throttle.admit("10.0.0.1")).hasValue(LoginThrottle.BUSY);
    throttle.failed("10.0.0.1", "admin");
    throttle.release("10.0.0.1");
    assertThat(throttle.admit("10.0.0.1")).hasValue(Duration.ofMinutes(5));
  }

  @Test
  void successfulLoginsLeaveNothingBehind() {
    LoginThrottle throttle = throttle(1, "PT15M", "PT1S", "PT5M", 100);
    for (int i = 0; i < 50; i++) {
      assertThat(throttle.admit("10.0.0.1")).isEmpty();
      throttle.succeeded("10.0.0.1", "lead");
      throttle.release("10.0.0.1");
    }
    throttle.failed("10.0.0.9", "admin");
    throttle.succeeded("10.0.0.9", "admin");
    assertThat(throttle.admit("10.0.0.9")).as("the failure was taken back, and the wait it set").isEmpty();
  }

  @Test
  void clientsAreAddressesAndIpv6HostsTheirSlash64() {
    assertThat(LoginThrottle.clientKey("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
        .isEqualTo(LoginThrottle.clientKey("2001:db8:1:2::1"))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(LoginThrottle.clientKey("[2001:db8:1:3::1]")).isEqualTo("2001:db8:1:3:0:0:0:0/64");
    assertThat(LoginThrottle.clientKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.clientKey("not:an:address!")).isEqualTo("not:an:address!");
    assertThat(LoginThrottle.clientKey(null)).isEqualTo("unknown");
    assertThat(Optional.of(LoginThrottle.clientKey("fe80::1%eth0"))).hasValue("fe80:0:0:0:0:0:0:0/64");
  }

  @Test
  void inconsistentSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> throttle(5, "PT15M", "PT10S", "PT1S", 100))
        .hasMessageContaining("max-back-off").hasMessageContaining("initial-back-off");
    assertThatThrownBy(() -> throttle(5, "PT1M", "PT1S", "PT5M", 100))
        .hasMessageContaining("window");
  }
}
