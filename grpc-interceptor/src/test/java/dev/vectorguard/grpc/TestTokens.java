package dev.vectorguard.grpc;

import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import dev.vectorguard.token.TokenSource;

/** Token sources for adapter tests. */
final class TestTokens {
  private TestTokens() {}

  /** A distinguishable credential per (collections, access): {@code tok:docs:read}. */
  static TokenSource perScope() {
    return request -> Credential.of(CredentialKind.STATIC,
        "tok:" + String.join(",", request.collections()) + ":" + request.access().id(), null, null);
  }
}
