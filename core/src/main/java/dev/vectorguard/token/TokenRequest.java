package dev.vectorguard.token;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a credential is for: the backend, the caller, and exactly what the decision granted.
 * Sources that can down-scope (the Qdrant JWT minter) scope the credential to {@code collections}
 * at {@code access}; others ignore the grant.
 *
 * @param backend the database the credential is for
 * @param identity the caller
 * @param scope what the call addresses
 * @param collections the granted collections (empty unless {@link Scope#COLLECTION})
 * @param access the granted access level
 * @param database the database, or {@code null}
 * @param operation the operation the credential is for; {@link Operation#UNKNOWN} when the caller
 *     does not say. Sources whose grant depends on it (the Qdrant JWT minter for manage calls)
 *     read it; others ignore it.
 */
public record TokenRequest(
    Backend backend,
    Identity identity,
    Scope scope,
    List<String> collections,
    AccessLevel access,
    @Nullable String database,
    Operation operation) {
  public TokenRequest {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(scope, "scope");
    collections = List.copyOf(collections);
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(operation, "operation");
  }

  /** A request that does not say which operation it is for ({@link Operation#UNKNOWN}). */
  public TokenRequest(Backend backend, Identity identity, Scope scope, List<String> collections, AccessLevel access,
      @Nullable String database) {
    this(backend, identity, scope, collections, access, database, Operation.UNKNOWN);
  }
}
