package dev.vectorguard.identity;

import dev.vectorguard.Workload;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the guard's workload from a token file that something else rotates (a projected
 * service-account token, a JWT-SVID), verified by a {@link JwtWorkloadVerifier}.
 *
 * <p>The verified workload is cached: the file is re-read every check interval (default 5 s) and
 * the token verified again only when it changed or the cached one reached its {@code exp}. While
 * the file cannot be read, the cached workload is kept until its token expires. When no verified
 * workload can be had, {@link #get()} throws {@link WorkloadUnavailableException} and the guard
 * refuses the call. Thread-safe.
 *
 * <pre>{@code
 * VectorGuard guard = VectorGuard.builder(policy)
 *     .workload(VerifiedWorkload.fromFile(Path.of("/var/run/secrets/tokens/vectorguard"), verifier))
 *     .build();
 * }</pre>
 */
public final class VerifiedWorkload implements Supplier<Workload> {
  private static final System.Logger LOG = System.getLogger(VerifiedWorkload.class.getName());

  private final Path file;
  private final JwtWorkloadVerifier verifier;
  private final Clock clock;
  private final long checkIntervalMillis;
  private volatile State state = new State(null, null, 0, Long.MIN_VALUE);

  private record State(@Nullable String token, @Nullable Workload workload, long expiresAt, long nextCheck) {}

  private VerifiedWorkload(Path file, JwtWorkloadVerifier verifier, Clock clock, Duration checkInterval) {
    this.file = file;
    this.verifier = verifier;
    this.clock = clock;
    this.checkIntervalMillis = checkInterval.toMillis();
  }

  /** The workload proved by the token in {@code file}, checked every 5 seconds. */
  public static VerifiedWorkload fromFile(Path file, JwtWorkloadVerifier verifier) {
    return fromFile(file, verifier, Clock.systemUTC(), Duration.ofSeconds(5));
  }

  /** As {@link #fromFile(Path, JwtWorkloadVerifier)}, with the clock and check interval given. */
  public static VerifiedWorkload fromFile(Path file, JwtWorkloadVerifier verifier, Clock clock, Duration checkInterval) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval must be positive, but was " + checkInterval);
    }
    return new VerifiedWorkload(file, verifier, clock, checkInterval);
  }

  /**
   * The verified workload.
   *
   * @throws WorkloadUnavailableException when the token file cannot be read or its token is not
   *     accepted; the cause is the {@link WorkloadIdentityException} or I/O error
   */
  @Override
  public Workload get() {
    State current = state;
    long now = clock.millis();
    if (current.workload != null && now < current.nextCheck && now < current.expiresAt) {
      return current.workload;
    }
    return reload(now);
  }

  private synchronized Workload reload(long now) {
    State current = state;
    if (current.workload != null && now < current.nextCheck && now < current.expiresAt) {
      return current.workload;
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      String problem = e instanceof NoSuchFileException ? "workload token file " + file + " does not exist"
          : "could not read workload token file " + file + ": " + e.getClass().getSimpleName();
      if (current.workload != null && now < current.expiresAt) {
        LOG.log(Level.WARNING, problem + "; keeping " + current.workload);
        state = new State(current.token, current.workload, current.expiresAt, now + checkIntervalMillis);
        return current.workload;
      }
      throw new WorkloadUnavailableException(problem, e);
    }
    if (token.equals(current.token) && current.workload != null && now < current.expiresAt) {
      state = new State(current.token, current.workload, current.expiresAt, now + checkIntervalMillis);
      return current.workload;
    }
    Workload workload;
    try {
      workload = verifier.verify(token);
    } catch (WorkloadIdentityException e) {
      throw new WorkloadUnavailableException("the token in " + file + " does not establish a workload: "
          + e.getMessage(), e);
    }
    String exp = workload.attribute("exp");
    long expiresAt = exp == null ? Long.MAX_VALUE : Long.parseLong(exp) * 1000;
    state = new State(token, workload, expiresAt, now + checkIntervalMillis);
    return workload;
  }

  @Override
  public String toString() {
    return "VerifiedWorkload{" + file + ", " + verifier + '}';
  }
}
