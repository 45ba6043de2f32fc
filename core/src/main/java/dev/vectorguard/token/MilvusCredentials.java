package dev.vectorguard.token;

import dev.vectorguard.Backend;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Attaches a Milvus user's credentials or an API token, read from a {@link SecretSource} on each
 * call so a rotated secret is picked up. The credential's secret is {@code user:password} or the
 * token, as Milvus reads it; {@link CredentialHeaders} encodes it per transport (gRPC
 * {@code authorization: base64(...)}, REST {@code Authorization: Bearer ...}). Kind
 * {@link CredentialKind#MILVUS}. Thread-safe.
 *
 * <pre>{@code
 * TokenSource milvus = MilvusCredentials.user("rag_reader", SecretSource.file(Path.of("/run/secrets/milvus")));
 * TokenSource perWorkload = MilvusCredentials.perWorkload(Map.of(
 *     "spiffe://acme.io/ns/prod/sa/rag", MilvusCredentials.token(SecretSource.env("RAG_MILVUS_TOKEN"))));
 * }</pre>
 */
public final class MilvusCredentials implements TokenSource {
  private final @Nullable String user;
  private final SecretSource secret;

  private MilvusCredentials(@Nullable String user, SecretSource secret) {
    this.user = user;
    this.secret = secret;
  }

  /**
   * The Milvus user {@code user} with the password from {@code password}.
   *
   * @throws IllegalArgumentException when the user name is blank or contains {@code ':'}
   */
  public static MilvusCredentials user(String user, SecretSource password) {
    Objects.requireNonNull(user, "user");
    if (user.isBlank() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a Milvus user name must be non-blank without ':', but was '" + user + "'");
    }
    return new MilvusCredentials(user, Objects.requireNonNull(password, "password"));
  }

  /**
   * A Milvus API token (no {@code ':'}; Milvus would read one as {@code user:password}). The token
   * is read once now, so that a malformed one is refused here rather than at the first call; one
   * that cannot be read yet is checked at each call.
   *
   * @throws IllegalArgumentException when the token contains {@code ':'}; the message never shows it
   */
  public static MilvusCredentials token(SecretSource token) {
    Objects.requireNonNull(token, "token");
    String value;
    try {
      value = token.secret();
    } catch (TokenUnavailableException e) {
      return new MilvusCredentials(null, token);
    }
    if (value.indexOf(':') >= 0) {
      throw new IllegalArgumentException(colon(token));
    }
    return new MilvusCredentials(null, token);
  }

  private static String colon(SecretSource token) {
    return "the Milvus API token from " + token + " contains ':', which Milvus would read as user:password";
  }

  /**
   * Per-workload credentials: the call's workload id picks the entry; a workload without one
   * fails the call rather than borrowing another's credentials. A {@link CachingTokenSource} in
   * front of it keeps one credential per workload.
   */
  public static KeyedTokenSource perWorkload(Map<String, MilvusCredentials> byWorkload) {
    Map<String, MilvusCredentials> copy = Map.copyOf(byWorkload);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("perWorkload needs at least one workload");
    }
    return new KeyedTokenSource() {
      @Override
      public Object cacheKey(TokenRequest request) {
        return request.identity().workload().id();
      }

      @Override
      public Credential credential(TokenRequest request) throws TokenUnavailableException {
        String workload = request.identity().workload().id();
        MilvusCredentials credentials = copy.get(workload);
        if (credentials == null) {
          throw new TokenUnavailableException("no Milvus credentials are configured for workload " + workload);
        }
        return credentials.credential(request);
      }

      @Override
      public String toString() {
        return "MilvusCredentials.perWorkload" + new java.util.TreeSet<>(copy.keySet());
      }
    };
  }

  /**
   * The credential for {@code request}.
   *
   * @throws TokenUnavailableException when the request is not for Milvus, or the secret is
   *     missing or malformed
   */
  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    if (request.backend() != Backend.MILVUS) {
      throw new TokenUnavailableException("Milvus credentials cannot be sent to "
          + request.backend().name().toLowerCase(Locale.ROOT));
    }
    String value = secret.secret();
    if (user == null) {
      if (value.indexOf(':') >= 0) {
        throw new TokenUnavailableException(colon(secret));
      }
      return Credential.of(CredentialKind.MILVUS, value, null, null);
    }
    return Credential.of(CredentialKind.MILVUS, user + ":" + value, null, null);
  }

  @Override
  public String toString() {
    return "MilvusCredentials{" + (user == null ? "token from " + secret : "user " + user + ", password from " + secret)
        + '}';
  }
}
