package io.runbook.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Failed logins slow down the client that makes them, never the account they name: the engine's
 * own per-user lock is switched off (see application.yml), so nobody can lock a person out by
 * guessing their password.
 *
 * <p>Every password check the engine makes during a request ({@link LoginThrottleInterceptor})
 * counts for the request's client address (an IPv6 address by its /64 network, which one host
 * usually owns whole). The first {@code max-failures} are free; each one after that makes the
 * client wait, {@code initial-back-off} doubled by every further failure up to {@code max-back-off}.
 * While it waits, {@link LoginThrottleFilter} answers its logins with 429 before any password is
 * checked, and a check that reaches the engine anyway fails without being made. A successful
 * login takes back the failures that client made for that same user (a typo followed by the right
 * password costs nothing), but not those it made guessing other users, so logging in as oneself
 * does not buy more guesses at someone else's password. A client with no failure for
 * {@code window} is forgotten. There is no state per user alone.
 */
@Component
public class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

  /** Parallel logins a client below max-failures may have in flight beyond its free failures. */
  static final int PARALLEL_LOGINS = 8;

  /** The wait told to a client whose allowance of parallel logins is in flight. */
  static final Duration BUSY = Duration.ofSeconds(1);

  /** Users whose failures a client entry keeps apart; failures for more users still count. */
  static final int USERS_PER_CLIENT = 32;

  /** The request being worked on by this thread: whose failures count, and where. */
  private record Attempt(LoginThrottle throttle, String client) {}

  /**
   * Set by the filter for the length of one request and always removed afterwards, so it never
   * outlives the request. It names the throttle, so a check always lands with the filter's
   * throttle even if the engine serving the request belongs to another application context.
   */
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  private final LoginThrottleProperties properties;
  private final Clock clock;
  private final Map<String, ClientState> clients;

  /** {@code clock}: the application's clock (io.runbook.system.ClockConfiguration), which tests drive. */
  public LoginThrottle(LoginThrottleProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    int maxClients = properties.maxClients();
    this.clients = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ClientState> eldest) {
        return size() > maxClients;
      }
    };
  }

  public LoginThrottleProperties properties() {
    return properties;
  }

  /** How long this client must still wait before a password of theirs is checked, if at all. */
  public synchronized Optional<Duration> waitFor(String client) {
    ClientState state = current(client);
    long remaining = state == null ? 0 : state.blockedUntil - clock.millis();
    return remaining > 0 ? Optional.of(Duration.ofMillis(remaining)) : Optional.empty();
  }

  /**
   * Lets one login of this client go ahead, or says how long it must wait. Logins in flight count
   * too, so a burst of parallel guesses sent the moment a wait ends cannot all pass before the
   * first of them fails: a client past {@code max-failures} gets one login at a time, one below it
   * its remaining free failures plus {@link #PARALLEL_LOGINS} (room for a script's parallel calls).
   * Every admitted login must be {@link #release released}.
   */
  public synchronized Optional<Duration> admit(String client) {
    Optional<Duration> wait = waitFor(client);
    if (wait.isPresent()) {
      return wait;
    }
    ClientState state = current(client);
    if (state == null) {
      state = new ClientState();
      clients.put(client, state);
    }
    int allowed = state.failures >= properties.maxFailures() ? 1 : properties.maxFailures() - state.failures + PARALLEL_LOGINS;
    if (state.inFlight >= allowed) {
      return Optional.of(BUSY);
    }
    state.inFlight++;
    return Optional.empty();
  }

  /** The end of a login {@link #admit admitted} for this client. */
  public synchronized void release(String client) {
    ClientState state = clients.get(client);
    if (state != null && state.inFlight > 0) {
      state.inFlight--;
      if (state.inFlight == 0 && state.failures <= 0 && state.blockedUntil <= clock.millis()) {
        clients.remove(client);
      }
    }
  }

  /** A wrong password (or unknown user) from this client. */
  public synchronized void failed(String client, String userId) {
    long now = clock.millis();
    ClientState state = current(client);
    if (state == null) {
      state = new ClientState();
      clients.put(client, state);
    }
    state.lastFailure = now;
    state.failures++;
    String user = userId == null ? "" : userId;
    if (state.byUser.containsKey(user) || state.byUser.size() < USERS_PER_CLIENT) {
      state.byUser.merge(user, 1, Integer::sum);
    }
    int over = state.failures - properties.maxFailures();
    if (over >= 0) {
      long delay = backOffMillis(over);
      state.blockedUntil = now + delay;
      if (over == 0) {
        LOG.warn("{} failed logins from {}: its logins wait {} ms, then longer after each further failure",
            state.failures, client, delay);
      }
    }
  }

  /** The right password for this user from this client: its failures for this user no longer count. */
  public synchronized void succeeded(String client, String userId) {
    ClientState state = current(client);
    if (state == null) {
      return;
    }
    Integer forUser = state.byUser.remove(userId == null ? "" : userId);
    if (forUser != null) {
      state.failures -= forUser;
    }
    if (state.failures <= 0) {
      // Fewer failures than max-failures are free: a wait set by a failure this success took back ends.
      state.failures = 0;
      state.blockedUntil = 0;
      if (state.inFlight == 0) {
        clients.remove(client);
      }
    } else if (state.failures < properties.maxFailures()) {
      state.blockedUntil = 0;
    }
  }

  /** The wait after the (maxFailures + over)-th failure: initial, doubled per failure, capped. */
  long backOffMillis(int over) {
    long initial = properties.initialBackOff().toMillis();
    long max = properties.maxBackOff().toMillis();
    if (over >= 62 || initial > (max >> Math.min(over, 62))) {
      return max;
    }
    return Math.min(initial << over, max);
  }

  /** The client's entry unless it has been quiet for the window (then it is forgotten). */
  private ClientState current(String client) {
    ClientState state = clients.get(client);
    if (state != null) {
      long now = clock.millis();
      if (state.inFlight == 0 && state.blockedUntil <= now && now - state.lastFailure >= properties.window().toMillis()) {
        clients.remove(client);
        return null;
      }
    }
    return state;
  }

  private static final class ClientState {
    int failures;
    int inFlight;
    long lastFailure;
    long blockedUntil;
    final Map<String, Integer> byUser = new LinkedHashMap<>();
  }

  // The request's client, for the engine's password checks ////////////////////////////////////

  /** Runs {@code work} with failed and successful password checks counted for {@code client}. */
  void during(String client, ThrowingRunnable work) throws Exception {
    Attempt previous = CURRENT.get();
    CURRENT.set(new Attempt(this, client));
    try {
      work.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** What the filter runs. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * One password check by the engine: made and counted when the current request's client may try,
   * refused without being made while it must wait. Outside a request (jobs, tests calling the
   * identity service directly) the check is simply made.
   */
  static boolean check(String userId, BooleanSupplier passwordCheck) {
    Attempt attempt = CURRENT.get();
    if (attempt == null) {
      return passwordCheck.getAsBoolean();
    }
    LoginThrottle throttle = attempt.throttle();
    if (throttle.waitFor(attempt.client()).isPresent()) {
      return false;
    }
    boolean right = passwordCheck.getAsBoolean();
    if (right) {
      throttle.succeeded(attempt.client(), userId);
    } else {
      throttle.failed(attempt.client(), userId);
    }
    return right;
  }

  /**
   * The key a client's failures are counted under: its address, an IPv6 address by its /64
   * network. Only numeric addresses are parsed (never a name lookup); anything else is its own key.
   */
  public static String clientKey(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.isBlank()) {
      return "unknown";
    }
    String address = remoteAddress.strip();
    if (address.indexOf(':') < 0) {
      return address;
    }
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (!literal.matches("[0-9A-Fa-f:.]+")) {
      return address;
    }
    try {
      byte[] bytes = InetAddress.getByName(literal).getAddress();
      if (bytes.length == 4) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, 8), 16);
      return InetAddress.getByAddress(network).getHostAddress() + "/64";
    } catch (UnknownHostException unreadable) {
      return address;
    }
  }
}
