package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static dev.vectorguard.token.OAuth2ClientCredentialsTest.form;
import static dev.vectorguard.token.OAuth2ClientCredentialsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.AccessLevel;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenExchangeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = new TestClock(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private MockWebServer server;
  private URI endpoint;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    endpoint = server.url("/sts/token").uri();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void exchangesTheSubjectTokenForAnAudienceToken() throws Exception {
    Path sa = dir.resolve("token");
    Files.writeString(sa, "opaque-service-account-token\n");
    server.enqueue(json(200, "{\"access_token\":\"db-token\",\"issued_token_type\":"
        + "\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\",\"expires_in\":600}"));
    TokenExchange exchange = TokenExchange.builder(endpoint, FileTokenSource.builder(sa).clock(clock).build())
        .audience("qdrant-prod").scope("vectors").httpClient(http).clock(clock).build();

    Credential credential = exchange.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(credential.kind()).isEqualTo(CredentialKind.TOKEN_EXCHANGE);
    assertThat(credential.secret()).isEqualTo("db-token");
    assertThat(credential.expiresAt()).isEqualTo(T0.plusSeconds(600));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(form(request)).containsExactly(
        Map.entry("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange")),
        Map.entry("subject_token", List.of("opaque-service-account-token")),
        Map.entry("subject_token_type", List.of("urn:ietf:params:oauth:token-type:jwt")),
        Map.entry("scope", List.of("vectors")),
        Map.entry("audience", List.of("qdrant-prod")),
        Map.entry("requested_token_type", List.of("urn:ietf:params:oauth:token-type:access_token")));
  }

  @Test
  void acceptsNotApplicableTokenTypeAndClientAuthentication() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"db-token\",\"token_type\":\"N_A\",\"expires_in\":60}"));
    TokenExchange exchange = TokenExchange.builder(endpoint, TokenSources.staticSecret("subject"))
        .clientAuthentication(ClientAuthentication.clientSecretPost("gw", SecretSource.of("gw-secret")))
        .subjectTokenType(TokenExchange.ACCESS_TOKEN_TYPE)
        .httpClient(http).clock(clock).build();

    assertThat(exchange.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("db-token");
    Map<String, List<String>> form = form(server.takeRequest());
    assertThat(form.get("subject_token_type")).containsExactly(TokenExchange.ACCESS_TOKEN_TYPE);
    assertThat(form.get("client_id")).containsExactly("gw");
  }

  @Test
  void aMissingSubjectTokenFailsWithoutCallingTheEndpoint() {
    TokenExchange exchange = TokenExchange.builder(endpoint,
        FileTokenSource.builder(dir.resolve("missing")).clock(clock).build()).httpClient(http).build();

    assertThatThrownBy(() -> exchange.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("token file " + dir.resolve("missing") + " does not exist");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusedExchangeSaysWhy() throws Exception {
    server.enqueue(json(400, "{\"error\":\"invalid_target\",\"error_description\":\"unknown audience\"}"));
    TokenExchange exchange = TokenExchange.builder(endpoint, TokenSources.staticSecret("subject-secret"))
        .audience("nope").httpClient(http).build();

    assertThatThrownBy(() -> exchange.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage("token endpoint " + TokenEndpoint.safe(endpoint)
            + " answered HTTP 400: invalid_target (unknown audience)");
  }

  @Test
  void cachedExchangesHappenOncePerLifetime() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"db-1\",\"token_type\":\"Bearer\",\"expires_in\":600}"));
    CachingTokenSource tokens = CachingTokenSource.builder(TokenExchange.builder(endpoint,
        TokenSources.staticSecret("subject")).httpClient(http).clock(clock).build()).clock(clock).build();
    for (int i = 0; i < 5; i++) {
      tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void tokenTypesMustBeUrns() {
    assertThatThrownBy(() -> TokenExchange.builder(endpoint, TokenSources.staticSecret("s")).subjectTokenType("jwt"))
        .hasMessage("subjectTokenType must be a token type URN, but was 'jwt'");
  }
}
