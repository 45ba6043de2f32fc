package dev.vectorguard.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trades the workload's own token (from another {@link TokenSource}, such as a
 * {@link FileTokenSource} holding a projected service-account token) for a token meant for the
 * database, with the OAuth2 token exchange grant (RFC 8693).
 *
 * <p>Every call goes to the token endpoint: put it behind a {@link CachingTokenSource}. The
 * credential's kind is {@link CredentialKind#TOKEN_EXCHANGE}. Thread-safe.
 *
 * <pre>{@code
 * TokenSource tokens = TokenSources.cached(TokenExchange
 *     .builder(URI.create("https://sts.example/token"), TokenSources.fromTokenFile(saTokenPath))
 *     .audience("qdrant-prod")
 *     .build());
 * }</pre>
 */
public final class TokenExchange implements TokenSource {
  /** The token type of a JWT ({@code urn:ietf:params:oauth:token-type:jwt}), the default subject token type. */
  public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
  /** The token type of an access token ({@code urn:ietf:params:oauth:token-type:access_token}). */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  private final TokenEndpoint endpoint;
  private final TokenSource subject;
  private final String subjectTokenType;
  private final Map<String, List<String>> target;
  private final String description;

  private TokenExchange(Builder builder) {
    this.endpoint = builder.settings.endpoint();
    this.subject = builder.subject;
    this.subjectTokenType = builder.subjectTokenType;
    Map<String, List<String>> target = new LinkedHashMap<>(builder.settings.targetParameters());
    target.put("requested_token_type", List.of(builder.requestedTokenType));
    this.target = Collections.unmodifiableMap(target);
    this.description = "TokenExchange{" + endpoint.describe() + ", subject=" + subject
        + ", " + builder.settings.authentication
        + (builder.settings.audiences.isEmpty() ? "" : ", audience=" + builder.settings.audiences) + '}';
  }

  /** A builder that exchanges the token of {@code subject} at {@code tokenEndpoint}, without client authentication. */
  public static Builder builder(URI tokenEndpoint, TokenSource subject) {
    return new Builder(new EndpointSettings(tokenEndpoint, ClientAuthentication.none()),
        Objects.requireNonNull(subject, "subject"));
  }

  /**
   * A token for the configured audience, in exchange for the subject's current token.
   *
   * @throws TokenUnavailableException when the subject token is unavailable or the exchange fails
   */
  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    Credential subjectToken = subject.credential(request);
    if (subjectToken.isNone()) {
      throw new TokenUnavailableException("token exchange at " + endpoint.describe()
          + " needs a subject token, but " + subject + " gave none");
    }
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("grant_type", List.of(GRANT_TYPE));
    form.put("subject_token", List.of(subjectToken.secret()));
    form.put("subject_token_type", List.of(subjectTokenType));
    form.putAll(target);
    return endpoint.fetch(form, CredentialKind.TOKEN_EXCHANGE);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures a {@link TokenExchange}; not thread-safe. */
  public static final class Builder {
    private final EndpointSettings settings;
    private final TokenSource subject;
    private String subjectTokenType = JWT_TOKEN_TYPE;
    private String requestedTokenType = ACCESS_TOKEN_TYPE;

    private Builder(EndpointSettings settings, TokenSource subject) {
      this.settings = settings;
      this.subject = subject;
    }

    /** How the client authenticates to the endpoint (default: not at all; the subject token speaks for it). */
    public Builder clientAuthentication(ClientAuthentication authentication) {
      settings.authentication = Objects.requireNonNull(authentication, "authentication");
      return this;
    }

    /** The {@code subject_token_type} (default {@link #JWT_TOKEN_TYPE}). */
    public Builder subjectTokenType(String type) {
      this.subjectTokenType = checkType(type, "subjectTokenType");
      return this;
    }

    /** The {@code requested_token_type} (default {@link #ACCESS_TOKEN_TYPE}). */
    public Builder requestedTokenType(String type) {
      this.requestedTokenType = checkType(type, "requestedTokenType");
      return this;
    }

    private static String checkType(String type, String what) {
      Objects.requireNonNull(type, what);
      if (!type.startsWith("urn:")) {
        throw new IllegalArgumentException(what + " must be a token type URN, but was '" + type + "'");
      }
      return type;
    }

    /** Scope values, joined with spaces into {@code scope}. */
    public Builder scope(String... scopes) {
      EndpointSettings.addAll(settings.scopes, "scope", scopes);
      return this;
    }

    /** {@code audience} values: the database the new token is for. */
    public Builder audience(String... audiences) {
      EndpointSettings.addAll(settings.audiences, "audience", audiences);
      return this;
    }

    /** RFC 8707 {@code resource} URIs. */
    public Builder resource(URI... resources) {
      for (URI resource : resources) {
        EndpointSettings.addAll(settings.resources, "resource", Objects.requireNonNull(resource, "resource").toString());
      }
      return this;
    }

    /** The HTTP client (default: a new one that follows no redirects). */
    public Builder httpClient(HttpClient http) {
      settings.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** How long to wait for the endpoint's answer (default 10 s). */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The lifetime assumed when the answer has no {@code expires_in} and the token no {@code exp} (default 5 min). */
    public Builder defaultLifetime(Duration lifetime) {
      settings.defaultLifetime(lifetime);
      return this;
    }

    public TokenExchange build() {
      return new TokenExchange(this);
    }
  }
}
