package dev.vectorguard.token;

import java.util.Locale;

/** Where a credential came from; audit records name it so static secrets stand out. */
public enum CredentialKind {
  /** No credential is attached. */
  NONE,
  /** A long-lived secret from configuration, an environment variable or a file. */
  STATIC,
  /** A projected service-account token or SPIFFE JWT-SVID read from a file. */
  FILE,
  /** An OAuth2 client-credentials access token. */
  OAUTH2,
  /** A token obtained by RFC 8693 token exchange. */
  TOKEN_EXCHANGE,
  /** A Qdrant JWT minted per collection and access level. */
  QDRANT_JWT,
  /** Milvus user credentials or API token. */
  MILVUS;

  /** The lower-case name used in audit records ({@code "qdrant_jwt"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
