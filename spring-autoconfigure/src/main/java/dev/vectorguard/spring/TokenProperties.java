package dev.vectorguard.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * vectorguard.token.*: which credential the guard attaches to each call. {@link #toString()}
 * never shows a secret.
 */
public class TokenProperties {

  /** Where credentials come from: none, static, file, oauth2 or qdrant-jwt. */
  private Type type = Type.NONE;

  /** A fixed secret (an API key), for type: static. */
  @NestedConfigurationProperty
  private final StaticToken staticToken = new StaticToken();

  /** A token file re-read when it changes, for type: file. */
  @NestedConfigurationProperty
  private final FileToken file = new FileToken();

  /** OAuth2 client credentials, for type: oauth2. */
  @NestedConfigurationProperty
  private final OAuth2Token oauth2 = new OAuth2Token();

  /** Per-call Qdrant JWTs naming exactly the granted collections, for type: qdrant-jwt. */
  @NestedConfigurationProperty
  private final QdrantJwtToken qdrantJwt = new QdrantJwtToken();

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  /** Bound from vectorguard.token.static.* (static is a Java keyword). */
  public StaticToken getStatic() {
    return staticToken;
  }

  public FileToken getFile() {
    return file;
  }

  public OAuth2Token getOauth2() {
    return oauth2;
  }

  public QdrantJwtToken getQdrantJwt() {
    return qdrantJwt;
  }

  @Override
  public String toString() {
    return "token{type=" + type + ", static=" + staticToken + ", " + file + ", " + oauth2 + ", " + qdrantJwt + '}';
  }

  static String redacted(@Nullable String secret) {
    return secret == null || secret.isEmpty() ? "<unset>" : "<redacted>";
  }

  /** The token sources that can be chosen by configuration; a TokenSource bean replaces them. */
  public enum Type {
    /** Attach nothing (a database without authentication). */
    NONE,
    /** A fixed secret from configuration. */
    STATIC,
    /** A projected service-account token or JWT-SVID read from a file. */
    FILE,
    /** An OAuth2 client-credentials access token, refreshed before expiry. */
    OAUTH2,
    /** A Qdrant JWT minted per call, scoped to the granted collections and access level. */
    QDRANT_JWT
  }

  /** vectorguard.token.static.*. */
  public static class StaticToken {
    /** The secret itself, such as a Qdrant API key. Never logged. */
    private @Nullable String value;

    public @Nullable String getValue() {
      return value;
    }

    public void setValue(@Nullable String value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "{value=" + redacted(value) + '}';
    }
  }

  /** vectorguard.token.file.*. */
  public static class FileToken {
    /** The file holding the token; re-read when it changes (rotated projected tokens). */
    private @Nullable Path path;

    public @Nullable Path getPath() {
      return path;
    }

    public void setPath(@Nullable Path path) {
      this.path = path;
    }

    @Override
    public String toString() {
      return "file{path=" + path + '}';
    }
  }

  /** vectorguard.token.oauth2.*. */
  public static class OAuth2Token {
    /** The authorization server's token endpoint. */
    private @Nullable URI tokenUri;

    /** The client id. */
    private @Nullable String clientId;

    /** The client secret. Never logged. */
    private @Nullable String clientSecret;

    /** The scope requested, space separated; unset requests none. */
    private @Nullable String scope;

    /** The audience requested, for servers that need one. */
    private @Nullable String audience;

    public @Nullable URI getTokenUri() {
      return tokenUri;
    }

    public void setTokenUri(@Nullable URI tokenUri) {
      this.tokenUri = tokenUri;
    }

    public @Nullable String getClientId() {
      return clientId;
    }

    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public @Nullable String getScope() {
      return scope;
    }

    public void setScope(@Nullable String scope) {
      this.scope = scope;
    }

    public @Nullable String getAudience() {
      return audience;
    }

    public void setAudience(@Nullable String audience) {
      this.audience = audience;
    }

    @Override
    public String toString() {
      return "oauth2{tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=" + redacted(clientSecret)
          + ", scope=" + scope + ", audience=" + audience + '}';
    }
  }

  /** vectorguard.token.qdrant-jwt.*. */
  public static class QdrantJwtToken {
    /** The Qdrant API key that signs the JWTs (HS256, as Qdrant requires). Never logged. */
    private @Nullable String signingKey;

    /** How long each minted token is valid. */
    private Duration ttl = Duration.ofMinutes(5);

    public @Nullable String getSigningKey() {
      return signingKey;
    }

    public void setSigningKey(@Nullable String signingKey) {
      this.signingKey = signingKey;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public String toString() {
      return "qdrantJwt{signingKey=" + redacted(signingKey) + ", ttl=" + ttl + '}';
    }
  }
}
