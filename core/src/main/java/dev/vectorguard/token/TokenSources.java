package dev.vectorguard.token;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Factories for the shipped token sources.
 *
 * <pre>{@code
 * TokenSource key = TokenSources.fromEnv("QDRANT_API_KEY");                 // static, audited as such
 * TokenSource svid = TokenSources.fromTokenFile(Path.of("/var/run/secrets/tokens/svid"));
 * TokenSource oauth = TokenSources.cached(OAuth2ClientCredentials.builder(tokenUri, auth).build());
 * }</pre>
 *
 * <p>Static sources produce {@link CredentialKind#STATIC} credentials: every audit record of a call
 * that used one says {@code credential.kind: static}, and a policy can refuse them.
 */
public final class TokenSources {
  private TokenSources() {}

  /** A fixed long-lived secret. Prefer {@link #fromEnv} or {@link #fromFile} over literals in code. */
  public static TokenSource staticSecret(String secret) {
    return new StaticTokenSource(SecretSource.of(secret));
  }

  /** A long-lived secret from environment variable {@code name}; a missing variable fails the call. */
  public static TokenSource fromEnv(String name) {
    return new StaticTokenSource(SecretSource.env(name));
  }

  /** A long-lived secret from {@code file}, re-read at most every 5 seconds so a rotated secret is picked up. */
  public static TokenSource fromFile(Path file) {
    return new StaticTokenSource(SecretSource.file(file));
  }

  /** A long-lived secret from any {@link SecretSource}. */
  public static TokenSource fromSecret(SecretSource secret) {
    return new StaticTokenSource(Objects.requireNonNull(secret, "secret"));
  }

  /**
   * A short-lived token from a file that something else rotates (a Kubernetes projected
   * service-account token, a SPIFFE JWT-SVID), with the default settings of {@link FileTokenSource}.
   */
  public static FileTokenSource fromTokenFile(Path file) {
    return FileTokenSource.builder(file).build();
  }

  /** {@code source} behind a {@link CachingTokenSource} with default settings. */
  public static CachingTokenSource cached(TokenSource source) {
    return CachingTokenSource.builder(source).build();
  }
}
