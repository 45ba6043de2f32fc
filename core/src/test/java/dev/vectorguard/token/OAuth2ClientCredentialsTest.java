package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.AccessLevel;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuth2ClientCredentialsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CLIENT_SECRET = "s3cr3t/with+chars";

  private final TestClock clock = new TestClock(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private MockWebServer server;
  private URI endpoint;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    endpoint = server.url("/oauth2/token").uri();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static Map<String, List<String>> form(RecordedRequest request) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      String[] parts = pair.split("=", 2);
      form.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return form;
  }

  private OAuth2ClientCredentials.Builder builder(ClientAuthentication auth) {
    return OAuth2ClientCredentials.builder(endpoint, auth).httpClient(http).clock(clock)
        .timeout(Duration.ofSeconds(5));
  }

  @Test
  void clientSecretBasicSendsTheGrantAndReadsTheToken() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
    OAuth2ClientCredentials source = builder(
        ClientAuthentication.clientSecretBasic("rag client", SecretSource.of(CLIENT_SECRET)))
        .scope("vectors.read", "vectors.write").audience("milvus").resource(URI.create("https://milvus.example"))
        .build();

    Credential credential = source.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(credential.kind()).isEqualTo(CredentialKind.OAUTH2);
    assertThat(credential.secret()).isEqualTo("at-1");
    assertThat(credential.expiresAt()).isEqualTo(T0.plusSeconds(300));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("rag+client:s3cr3t%2Fwith%2Bchars".getBytes(StandardCharsets.UTF_8)));
    assertThat(form(request)).containsExactly(
        Map.entry("grant_type", List.of("client_credentials")),
        Map.entry("scope", List.of("vectors.read vectors.write")),
        Map.entry("audience", List.of("milvus")),
        Map.entry("resource", List.of("https://milvus.example")));
  }

  @Test
  void clientSecretPostPutsTheCredentialsInTheBody() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":60}"));
    builder(ClientAuthentication.clientSecretPost("rag", SecretSource.of(CLIENT_SECRET))).build()
        .credential(Requests.qdrant(AccessLevel.READ, "docs"));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(form(request)).containsExactly(
        Map.entry("grant_type", List.of("client_credentials")),
        Map.entry("client_id", List.of("rag")),
        Map.entry("client_secret", List.of(CLIENT_SECRET)));
  }

  @Test
  void privateKeyJwtSignsAnAssertionForTheEndpoint() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":60}"));
    builder(ClientAuthentication.privateKeyJwt("rag", key)).build().credential(Requests.qdrant(AccessLevel.READ, "docs"));

    Map<String, List<String>> form = form(server.takeRequest());
    assertThat(form).containsOnlyKeys("grant_type", "client_id", "client_assertion_type", "client_assertion");
    assertThat(form.get("client_assertion_type")).containsExactly("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    SignedJWT assertion = SignedJWT.parse(form.get("client_assertion").get(0));
    assertThat(assertion.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
    assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
    JWTClaimsSet claims = assertion.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("rag");
    assertThat(claims.getSubject()).isEqualTo("rag");
    assertThat(claims.getAudience()).containsExactly(endpoint.toString());
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(T0);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void privateKeyJwtWithRsaUsesRs256() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":60}"));
    builder(ClientAuthentication.privateKeyJwt("rag", key)).build().credential(Requests.qdrant(AccessLevel.READ, "docs"));

    SignedJWT assertion = SignedJWT.parse(form(server.takeRequest()).get("client_assertion").get(0));
    assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(assertion.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
  }

  @Test
  void privateKeyJwtNeedsAPrivateKey() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt("rag", key.toPublicJWK()))
        .hasMessage("private_key_jwt needs a private key, but the key given is public only");
  }

  @Test
  void privateKeyJwtRefusesAnRsaKeyTooShortToSignWithWhenCreated() throws Exception {
    RSAKey weak = new RSAKeyGenerator(1024, true).generate();
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt("rag", weak))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private_key_jwt needs an RSA key of at least 2048 bits, but was 1024 bits");
  }

  @Test
  void expiryFallsBackToTheTokensOwnExpThenToTheDefaultLifetime() throws Exception {
    SignedJWT signed = new SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
        new JWTClaimsSet.Builder().expirationTime(java.util.Date.from(T0.plusSeconds(90))).jwtID("abc").build());
    signed.sign(new com.nimbusds.jose.crypto.MACSigner("x".repeat(32)));
    String jwt = signed.serialize();
    server.enqueue(json(200, "{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\"}"));
    server.enqueue(json(200, "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\"}"));
    OAuth2ClientCredentials source = builder(ClientAuthentication.none()).defaultLifetime(Duration.ofMinutes(2)).build();

    Credential fromJwt = source.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    Credential opaque = source.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(fromJwt.expiresAt()).isEqualTo(T0.plusSeconds(90));
    assertThat(fromJwt.tokenId()).isEqualTo("abc");
    assertThat(opaque.expiresAt()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  void expiresInMayBeAString() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":\"3599\"}"));
    assertThat(builder(ClientAuthentication.none()).build().credential(Requests.qdrant(AccessLevel.READ, "docs"))
        .expiresAt()).isEqualTo(T0.plusSeconds(3599));
  }

  @Test
  void anOAuthErrorIsReportedWithItsCodeAndNoSecret() {
    server.enqueue(json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"));
    OAuth2ClientCredentials source = builder(
        ClientAuthentication.clientSecretPost("rag", SecretSource.of(CLIENT_SECRET))).build();

    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("token endpoint http://" + endpoint.getHost() + ":" + endpoint.getPort()
            + "/oauth2/token answered HTTP 401: invalid_client (Client authentication failed)");
  }

  @Test
  void badAnswersAreRefusedWithAClearReason() {
    OAuth2ClientCredentials source = builder(ClientAuthentication.none()).build();
    String prefix = "token endpoint " + TokenEndpoint.safe(endpoint);
    server.enqueue(json(200, "not json"));
    server.enqueue(json(200, "{\"token_type\":\"Bearer\"}"));
    server.enqueue(json(200, "{\"access_token\":\"at\",\"token_type\":\"DPoP\"}"));
    server.enqueue(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":-5}"));
    server.enqueue(json(503, "<html>down</html>"));

    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage(prefix + " answered HTTP 200 without a JSON object");
    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage(prefix + " answered without an access_token");
    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage(prefix + " issued token_type 'DPoP'; only Bearer tokens can be attached");
    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage(prefix + " answered an invalid expires_in");
    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .hasMessage(prefix + " answered HTTP 503");
  }

  @Test
  void aSlowEndpointTimesOut() {
    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS)
        .body("{\"access_token\":\"late\",\"token_type\":\"Bearer\"}").build());
    OAuth2ClientCredentials source = builder(ClientAuthentication.none()).timeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("token endpoint " + TokenEndpoint.safe(endpoint) + " did not answer within PT0.2S");
  }

  @Test
  void anUnreachableEndpointIsReported() throws Exception {
    URI dead = endpoint;
    server.close();
    OAuth2ClientCredentials source = OAuth2ClientCredentials.builder(dead, ClientAuthentication.none())
        .httpClient(http).build();

    assertThatThrownBy(() -> source.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("could not reach token endpoint " + TokenEndpoint.safe(dead) + ": ConnectException");
  }

  @Test
  void endpointUrlsWithCredentialsOrOtherSchemesAreRefused() {
    assertThatThrownBy(() -> OAuth2ClientCredentials.builder(URI.create("https://u:p@idp.example/token"),
        ClientAuthentication.none()))
        .hasMessage("the token endpoint URL must not carry credentials: https://idp.example/token");
    assertThatThrownBy(() -> OAuth2ClientCredentials.builder(URI.create("file:///etc/passwd"),
        ClientAuthentication.none()))
        .hasMessage("the token endpoint must be an http(s) URL, but was file:///etc/passwd");
  }

  @Test
  void cachedTokensRotateAheadOfExpiry() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":400}"));
    server.enqueue(json(200, "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":400}"));
    CachingTokenSourceTest.ManualExecutor executor = new CachingTokenSourceTest.ManualExecutor();
    CachingTokenSource tokens = CachingTokenSource.builder(builder(ClientAuthentication.none()).build())
        .clock(clock).executor(executor).skew(Duration.ZERO).build();

    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("at-1");
    clock.advance(Duration.ofSeconds(301));
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("at-1");
    executor.runAll();
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("at-2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aFailingEndpointIsBackedOffAndTheExpiredTokenFailsClosed() throws Exception {
    server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":100}"));
    server.enqueue(json(500, "{\"error\":\"server_error\"}"));
    server.enqueue(json(500, "{\"error\":\"server_error\"}"));
    CachingTokenSource tokens = CachingTokenSource.builder(builder(ClientAuthentication.none()).build())
        .clock(clock).executor(Runnable::run).skew(Duration.ZERO)
        .backoff(Duration.ofSeconds(10), Duration.ofMinutes(1)).random(() -> 1.0).build();

    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    clock.advance(Duration.ofSeconds(80));
    // Due for refresh: the refresh fails (inline executor), the valid token is still served.
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("at-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(5));
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("at-1");
    assertThat(server.getRequestCount()).as("backing off").isEqualTo(2);

    clock.advance(Duration.ofSeconds(20));       // past exp, past the backoff
    assertThatThrownBy(() -> tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageStartingWith("no valid credential for qdrant read on collections [docs]: the cached credential")
        .hasMessageContaining("fetching failed 2 times")
        .hasMessageEndingWith("last error: token endpoint " + TokenEndpoint.safe(endpoint)
            + " answered HTTP 500: server_error")
        .hasMessageNotContaining("at-1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void fiftyConcurrentCallersCauseExactlyOneFetch() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS)
        .setHeader("Content-Type", "application/json")
        .body("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}").build());
    CachingTokenSource tokens = CachingTokenSource.builder(builder(ClientAuthentication.none()).build())
        .clock(clock).build();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Credential>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
        }));
      }
      go.countDown();
      for (Future<Credential> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).secret()).isEqualTo("at-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void toStringNamesTheEndpointAndClientButNoSecret() {
    OAuth2ClientCredentials source = builder(
        ClientAuthentication.clientSecretBasic("rag", SecretSource.of(CLIENT_SECRET))).scope("read").build();
    assertThat(source.toString()).isEqualTo("OAuth2ClientCredentials{" + TokenEndpoint.safe(endpoint)
        + ", client_secret_basic(client_id=rag), scope=[read]}");
  }
}
