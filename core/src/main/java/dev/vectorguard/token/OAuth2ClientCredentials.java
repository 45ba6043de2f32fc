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
 * Fetches an access token with the OAuth2 client-credentials grant (RFC 6749 §4.4), authenticated
 * by {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}, with
 * optional {@code scope}, {@code audience} and {@code resource} (RFC 8707).
 *
 * <p>Every call goes to the token endpoint: put it behind a {@link CachingTokenSource}. The
 * credential's kind is {@link CredentialKind#OAUTH2}; its expiry is {@code expires_in}, else the
 * token's own {@code exp}, else the {@link Builder#defaultLifetime default lifetime}. Thread-safe.
 *
 * <pre>{@code
 * TokenSource tokens = TokenSources.cached(OAuth2ClientCredentials
 *     .builder(URI.create("https://idp.example/oauth2/token"),
 *         ClientAuthentication.clientSecretBasic("rag", SecretSource.env("RAG_CLIENT_SECRET")))
 *     .scope("vectors.read")
 *     .audience("milvus")
 *     .build());
 * }</pre>
 */
public final class OAuth2ClientCredentials implements TokenSource {
  private final TokenEndpoint endpoint;
  private final Map<String, List<String>> form;
  private final String description;

  private OAuth2ClientCredentials(EndpointSettings settings) {
    this.endpoint = settings.endpoint();
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("grant_type", List.of("client_credentials"));
    form.putAll(settings.targetParameters());
    this.form = Collections.unmodifiableMap(form);
    this.description = "OAuth2ClientCredentials{" + endpoint.describe() + ", " + settings.authentication
        + (settings.scopes.isEmpty() ? "" : ", scope=" + settings.scopes)
        + (settings.audiences.isEmpty() ? "" : ", audience=" + settings.audiences) + '}';
  }

  /** A builder for the token endpoint {@code tokenEndpoint}, authenticating with {@code authentication}. */
  public static Builder builder(URI tokenEndpoint, ClientAuthentication authentication) {
    return new Builder(new EndpointSettings(tokenEndpoint, authentication));
  }

  /**
   * A fresh access token from the endpoint.
   *
   * @throws TokenUnavailableException when the endpoint is unreachable, slow, refuses, or answers
   *     without a usable Bearer token; the message names the endpoint and the OAuth2 error
   */
  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    return endpoint.fetch(form, CredentialKind.OAUTH2);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures an {@link OAuth2ClientCredentials}; not thread-safe. */
  public static final class Builder {
    private final EndpointSettings settings;

    private Builder(EndpointSettings settings) {
      this.settings = settings;
    }

    /** Scope values, joined with spaces into {@code scope}. */
    public Builder scope(String... scopes) {
      EndpointSettings.addAll(settings.scopes, "scope", scopes);
      return this;
    }

    /** {@code audience} values (the logical name of the database the token is for). */
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

    public OAuth2ClientCredentials build() {
      return new OAuth2ClientCredentials(settings);
    }
  }
}
