package dev.vectorguard.token;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Attaches a token that something else keeps fresh in a file: a Kubernetes projected
 * service-account token (the kubelet rewrites it at 80% of its lifetime) or a SPIFFE JWT-SVID
 * written by a SPIFFE helper.
 *
 * <p>The file is re-read every {@link Builder#checkInterval check interval} (default 5 s), and
 * every second once the token has passed 80% of its lifetime, so a rotation is seen promptly
 * without reading the file on every call. A JWT's {@code exp} and {@code jti} are read without
 * verifying it (the database verifies it); an opaque token never expires. An expired token (less
 * than the skew tolerance left) fails the call with a {@link TokenUnavailableException} naming
 * the file and the expiry; a file that cannot be read keeps the previous token while it is valid.
 *
 * <p>Thread-safe; a hit reads the clock and one volatile field.
 *
 * <pre>{@code
 * TokenSource sa = FileTokenSource.builder(Path.of("/var/run/secrets/tokens/vectorguard")).build();
 * }</pre>
 */
public final class FileTokenSource implements TokenSource {
  private static final System.Logger LOG = System.getLogger(FileTokenSource.class.getName());
  private static final long NEAR_EXPIRY_CHECK_MILLIS = 1_000;
  private static final double ROTATION_POINT = 0.8;

  private final Path file;
  private final Clock clock;
  private final long checkIntervalMillis;
  private final long skewMillis;
  private final CredentialKind kind;
  private volatile Snapshot snapshot = new Snapshot(null, 0, 0, Long.MIN_VALUE);

  private record Snapshot(@Nullable Credential credential, long usableUntil, long rotationPoint, long nextCheck) {}

  private FileTokenSource(Builder builder) {
    this.file = builder.file;
    this.clock = builder.clock;
    this.checkIntervalMillis = builder.checkInterval.toMillis();
    this.skewMillis = builder.skew.toMillis();
    this.kind = builder.kind;
  }

  /** A builder for a source reading {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /**
   * The token in the file, re-read when due.
   *
   * @throws TokenUnavailableException when the file is missing, empty, unreadable with no valid
   *     previous token, or holds an expired token
   */
  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    Snapshot current = snapshot;
    long now = clock.millis();
    if (current.credential != null && now < current.nextCheck && now < current.usableUntil) {
      return current.credential;
    }
    return reload(now);
  }

  private synchronized Credential reload(long now) throws TokenUnavailableException {
    Snapshot current = snapshot;
    if (current.credential != null && now < current.nextCheck && now < current.usableUntil) {
      return current.credential;
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new TokenUnavailableException("token file " + file + " is empty");
      }
    } catch (IOException | TokenUnavailableException e) {
      String problem = e instanceof TokenUnavailableException ? e.getMessage()
          : e instanceof NoSuchFileException ? "token file " + file + " does not exist"
          : "could not read token file " + file + ": " + e.getClass().getSimpleName();
      if (current.credential != null && now < current.usableUntil) {
        LOG.log(Level.WARNING, problem + "; keeping the current token (" + current.credential + ")");
        snapshot = new Snapshot(current.credential, current.usableUntil, current.rotationPoint,
            now + NEAR_EXPIRY_CHECK_MILLIS);
        return current.credential;
      }
      throw new TokenUnavailableException(problem, e);
    }
    if (current.credential != null && current.credential.secret().equals(token)) {
      if (now >= current.usableUntil) {
        throw expired(current.credential, " and has not been replaced");
      }
      snapshot = new Snapshot(current.credential, current.usableUntil, current.rotationPoint,
          nextCheck(now, current.rotationPoint));
      return current.credential;
    }
    UnverifiedJwt jwt = UnverifiedJwt.peek(token);
    Credential credential = Credential.of(kind, token, jwt.expiresAt(), jwt.tokenId());
    long usableUntil = Long.MAX_VALUE;
    long rotationPoint = Long.MAX_VALUE;
    if (jwt.expiresAt() != null) {
      long exp = jwt.expiresAt().toEpochMilli();
      usableUntil = exp - skewMillis;
      if (now >= usableUntil) {
        throw expired(credential, "");
      }
      long issued = jwt.issuedAt() == null ? now : Math.min(jwt.issuedAt().toEpochMilli(), now);
      rotationPoint = issued + (long) ((exp - issued) * ROTATION_POINT);
    }
    snapshot = new Snapshot(credential, usableUntil, rotationPoint, nextCheck(now, rotationPoint));
    LOG.log(Level.DEBUG, () -> "read " + credential + " from " + file);
    return credential;
  }

  private long nextCheck(long now, long rotationPoint) {
    return now >= rotationPoint ? now + Math.min(NEAR_EXPIRY_CHECK_MILLIS, checkIntervalMillis)
        : Math.min(now + checkIntervalMillis, rotationPoint);
  }

  private TokenUnavailableException expired(Credential credential, String detail) {
    return new TokenUnavailableException("token file " + file + " holds a token (" + credential + ") that expired"
        + (skewMillis > 0 ? " (skew tolerance " + Duration.ofMillis(skewMillis) + ")" : "") + detail
        + "; now is " + Instant.ofEpochMilli(clock.millis()));
  }

  @Override
  public String toString() {
    return "FileTokenSource{" + file + ", " + kind.id() + '}';
  }

  /** Configures a {@link FileTokenSource}; not thread-safe. */
  public static final class Builder {
    private final Path file;
    private Clock clock = Clock.systemUTC();
    private Duration checkInterval = Duration.ofSeconds(5);
    private Duration skew = Duration.ofSeconds(10);
    private CredentialKind kind = CredentialKind.FILE;

    private Builder(Path file) {
      this.file = file;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often to look for a rotated file (default 5 s). */
    public Builder checkInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("checkInterval must be positive, but was " + interval);
      }
      this.checkInterval = interval;
      return this;
    }

    /** How long before its {@code exp} a token counts as expired (default 10 s). */
    public Builder skew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("skew must not be negative, but was " + skew);
      }
      this.skew = skew;
      return this;
    }

    /** The kind audit records show (default {@link CredentialKind#FILE}; {@link CredentialKind#STATIC} for a long-lived key). */
    public Builder kind(CredentialKind kind) {
      Objects.requireNonNull(kind, "kind");
      if (kind == CredentialKind.NONE) {
        throw new IllegalArgumentException("a token file cannot hold a credential of kind none");
      }
      this.kind = kind;
      return this;
    }

    public FileTokenSource build() {
      return new FileTokenSource(this);
    }
  }
}
