package dev.vectorguard.token;

import dev.vectorguard.Backend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How each backend expects a credential on the wire, and which headers carry credentials (the
 * adapters remove those before attaching the guard's).
 *
 * <ul>
 *   <li>Qdrant, REST and gRPC: {@code api-key: <token>} (an API key or a JWT).
 *   <li>Milvus gRPC: {@code authorization: base64(<user:password or token>)}; Milvus REST:
 *       {@code Authorization: Bearer <user:password or token>}.
 *   <li>Chroma: {@code Authorization: Bearer <token>}.
 * </ul>
 */
public final class CredentialHeaders {
  /** Lower-case names of every header that carries a database credential. */
  public static final Set<String> CREDENTIAL_HEADERS =
      Set.of("api-key", "authorization", "x-chroma-token", "proxy-authorization");

  /** The wire protocol a header is for. */
  public enum Transport {
    HTTP,
    GRPC
  }

  /** One header (HTTP) or metadata entry (gRPC). */
  public record Header(String name, String value) {
    @Override
    public String toString() {
      return "Header{" + name + ": <" + Credential.keyedFingerprintOf(value) + ">}";
    }
  }

  private CredentialHeaders() {}

  /** Whether {@code name} carries a credential, in any letter case. */
  public static boolean isCredentialHeader(String name) {
    return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The headers that attach {@code credential} for {@code backend} over {@code transport}; empty for {@link Credential#NONE}. */
  public static List<Header> headersFor(Backend backend, Transport transport, Credential credential) {
    if (credential.isNone()) {
      return List.of();
    }
    String secret = credential.secret();
    return switch (backend) {
      case QDRANT -> List.of(new Header("api-key", secret));
      case MILVUS -> transport == Transport.GRPC
          ? List.of(new Header("authorization",
              Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))))
          : List.of(new Header("Authorization", "Bearer " + secret));
      case CHROMA -> List.of(new Header("Authorization", "Bearer " + secret));
    };
  }
}
