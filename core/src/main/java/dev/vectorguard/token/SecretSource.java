package dev.vectorguard.token;

import dev.vectorguard.Spi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a long-lived secret comes from: a value, an environment variable or a file. Token sources
 * read API keys, client secrets and Milvus passwords through it, so that a rotated file is picked
 * up without restarting.
 *
 * <p>Implementations are thread-safe. {@code toString()} names the source ({@code env:QDRANT_KEY},
 * {@code file:/run/secrets/key}), never the secret; neither do the messages of what it throws.
 *
 * <pre>{@code
 * SecretSource apiKey = SecretSource.env("QDRANT_API_KEY");
 * }</pre>
 */
@FunctionalInterface
@Spi
public interface SecretSource {

  /**
   * The secret, without surrounding whitespace.
   *
   * @throws TokenUnavailableException when the secret is missing or empty
   */
  String secret() throws TokenUnavailableException;

  /** A fixed secret. */
  static SecretSource of(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    String value = secret.strip();
    String description = "value:fp:" + Credential.keyedFingerprintOf(value);
    return new SecretSource() {
      @Override
      public String secret() {
        return value;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** The value of environment variable {@code name}, read on each call. */
  static SecretSource env(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an environment variable name must not be blank");
    }
    return new SecretSource() {
      @Override
      public String secret() throws TokenUnavailableException {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
          throw new TokenUnavailableException("environment variable " + name + " is not set or empty");
        }
        return value.strip();
      }

      @Override
      public String toString() {
        return "env:" + name;
      }
    };
  }

  /**
   * The content of {@code file} (UTF-8, stripped), re-read at most every 5 seconds so that a
   * rotated secret is picked up without reading the file on every call.
   */
  static SecretSource file(Path file) {
    return file(file, Clock.systemUTC(), Duration.ofSeconds(5));
  }

  /** As {@link #file(Path)}, re-reading the file at most every {@code recheck} by {@code clock}. */
  static SecretSource file(Path file, Clock clock, Duration recheck) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(recheck, "recheck");
    if (recheck.isNegative()) {
      throw new IllegalArgumentException("recheck must not be negative, but was " + recheck);
    }
    return new FileSecretSource(file, clock, recheck.toMillis());
  }
}
