package dev.vectorguard.token;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.Workload;
import java.util.List;

/** Token requests for tests. */
final class Requests {
  static final String WORKLOAD = "spiffe://acme.io/ns/prod/sa/rag";

  private Requests() {}

  static TokenRequest collection(Backend backend, AccessLevel access, String... collections) {
    return new TokenRequest(backend, identity(), Scope.COLLECTION, List.of(collections), access, null);
  }

  static TokenRequest global(Backend backend, AccessLevel access) {
    return new TokenRequest(backend, identity(), Scope.GLOBAL, List.of(), access, null);
  }

  static TokenRequest qdrant(AccessLevel access, String... collections) {
    return collection(Backend.QDRANT, access, collections);
  }

  static TokenRequest manage(Operation operation, String... collections) {
    return new TokenRequest(Backend.QDRANT, identity(), Scope.COLLECTION, List.of(collections), AccessLevel.MANAGE,
        null, operation);
  }

  static Identity identity() {
    return Identity.of(Workload.configured(WORKLOAD));
  }
}
