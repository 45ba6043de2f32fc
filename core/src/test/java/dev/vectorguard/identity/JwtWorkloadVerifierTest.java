package dev.vectorguard.identity;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Workload;
import dev.vectorguard.identity.WorkloadTokenRejectedException.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtWorkloadVerifierTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String AUDIENCE = "vectorguard";
  static RSAKey rsa;
  static RSAKey otherRsa;
  static ECKey ec;

  private final TestClock clock = new TestClock(T0);
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile RecordedRequest lastJwksRequest;
  private volatile MockResponse jwksResponse;
  private MockWebServer server;
  private JwtWorkloadVerifier verifier;
  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    rsa = TestKeys.RSA;
    otherRsa = TestKeys.OTHER_RSA;
    ec = TestKeys.EC;
  }

  @BeforeEach
  void start() throws Exception {
    jwksResponse = jwks(new JWKSet(List.of(rsa, ec)));
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        jwksFetches.incrementAndGet();
        lastJwksRequest = request;
        return jwksResponse;
      }
    });
    server.start();
    verifier = builder().build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JwtWorkloadVerifier.Builder builder() {
    return JwtWorkloadVerifier.builder()
        .jwksUrl(server.url("/openid/v1/jwks").uri())
        .httpClient(HttpClient.newHttpClient())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock)
        .clockSkew(Duration.ofSeconds(60));
  }

  static MockResponse jwks(JWKSet set) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(set.toPublicJWKSet().toString()).build();
  }

  static JWTClaimsSet.Builder k8sClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "https://kubernetes.default.svc"))
        .subject("system:serviceaccount:prod:rag")
        .issueTime(Date.from(T0.minusSeconds(60)))
        .notBeforeTime(Date.from(T0.minusSeconds(60)))
        .expirationTime(Date.from(T0.plusSeconds(3540)))
        .jwtID("jti-k8s-1")
        .claim("kubernetes.io", Map.of(
            "namespace", "prod",
            "serviceaccount", Map.of("name", "rag", "uid", "5d0f"),
            "pod", Map.of("name", "rag-7c9", "uid", "a1b2")));
  }

  static String rs256(JWTClaimsSet claims, RSAKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private String signed(Consumer<JWTClaimsSet.Builder> change) throws Exception {
    JWTClaimsSet.Builder claims = k8sClaims();
    change.accept(claims);
    return rs256(claims.build(), rsa);
  }

  private void assertRejected(String token, Reason reason, String message) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(WorkloadTokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessage("workload token rejected (" + reason.id() + "): " + message)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain(token);
          for (String part : token.split("\\.")) {
            if (part.length() > 16) {
              assertThat(e.getMessage()).doesNotContain(part);
            }
          }
        });
  }

  @Test
  void aKubernetesServiceAccountTokenYieldsAVerifiedWorkload() throws Exception {
    Workload workload = verifier.verify(rs256(k8sClaims().build(), rsa));

    assertThat(workload.id()).isEqualTo("system:serviceaccount:prod:rag");
    assertThat(workload.verified()).isTrue();
    assertThat(workload.attributes()).contains(
        Map.entry("iss", ISSUER),
        Map.entry("sub", "system:serviceaccount:prod:rag"),
        Map.entry("aud", AUDIENCE + ",https://kubernetes.default.svc"),
        Map.entry("exp", Long.toString(T0.plusSeconds(3540).getEpochSecond())),
        Map.entry("jti", "jti-k8s-1"),
        Map.entry("kubernetes.io.namespace", "prod"),
        Map.entry("kubernetes.io.serviceaccount.name", "rag"),
        Map.entry("kubernetes.io.pod.name", "rag-7c9"));
  }

  @Test
  void aSpiffeJwtSvidSignedWithEcYieldsTheSpiffeId() throws Exception {
    SignedJWT svid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").type(JOSEObjectType.JWT).build(),
        k8sClaims().subject("spiffe://acme.io/ns/prod/sa/rag").claim("kubernetes.io", null).build());
    svid.sign(new ECDSASigner(ec));

    Workload workload = verifier.verify(svid.serialize());

    assertThat(workload.id()).isEqualTo("spiffe://acme.io/ns/prod/sa/rag");
  }

  @Test
  void theKeySetIsFetchedOnceAndCached() throws Exception {
    for (int i = 0; i < 5; i++) {
      verifier.verify(signed(c -> { }));
    }
    assertThat(jwksFetches.get()).isEqualTo(1);

    // Cached keys keep verifying while the key server is down.
    jwksResponse = new MockResponse.Builder().code(503).build();
    assertThat(verifier.verify(signed(c -> { })).id()).isEqualTo("system:serviceaccount:prod:rag");
  }

  @Test
  void unsignedTokensAreRejected() {
    String none = new PlainJWT(k8sClaims().build()).serialize();
    assertRejected(none, Reason.UNSIGNED, "unsigned tokens (alg=none) are never accepted");
  }

  @Test
  void hmacSignedWithTheRsaPublicKeyIsRejected() throws Exception {
    // The classic key-confusion attack: HS256 "signed" with the server's public key as the secret.
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), k8sClaims().build());
    forged.sign(new MACSigner(rsa.toPublicKey().getEncoded()));

    assertRejected(forged.serialize(), Reason.ALGORITHM_NOT_ALLOWED,
        "algorithm HS256 is not allowed; expected one of [ES256, RS256]");
  }

  @Test
  void hmacAlgorithmsCannotBeConfigured() {
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().algorithms(JWSAlgorithm.RS256, JWSAlgorithm.HS256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only RSA, EC and EdDSA algorithms can verify workload tokens, but was HS256");
  }

  @Test
  void anAlgorithmThatIsNotPinnedIsRejected() throws Exception {
    JwtWorkloadVerifier rs256Only = builder().algorithms(JWSAlgorithm.RS256).build();
    SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), k8sClaims().build());
    es.sign(new ECDSASigner(ec));

    assertThatThrownBy(() -> rs256Only.verify(es.serialize()))
        .isInstanceOfSatisfying(WorkloadTokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED))
        .hasMessage("workload token rejected (algorithm_not_allowed): algorithm ES256 is not allowed; expected one of [RS256]");
  }

  @Test
  void aBadSignatureIsRejected() throws Exception {
    assertRejected(rs256(k8sClaims().build(), otherRsa), Reason.BAD_SIGNATURE,
        "the signature does not verify with the key 'rsa-1' from JWKS " + server.url("/openid/v1/jwks"));
  }

  @Test
  void aTamperedPayloadIsRejected() throws Exception {
    String[] parts = rs256(k8sClaims().build(), rsa).split("\\.");
    String admin = k8sClaims().subject("system:serviceaccount:kube-system:admin").build().toPayload().toBase64URL().toString();
    assertRejected(parts[0] + "." + admin + "." + parts[2], Reason.BAD_SIGNATURE,
        "the signature does not verify with the key 'rsa-1' from JWKS " + server.url("/openid/v1/jwks"));
  }

  @Test
  void aKeyEmbeddedOrLinkedInTheHeaderIsNeverTrusted() throws Exception {
    // CVE-2018-0114 style: the attacker ships its own key in "jwk", or points "jku" at its own JWKS.
    RSAKey attacker = otherRsa;
    SignedJWT embedded = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
        .jwk(attacker.toPublicJWK()).jwkURL(URI.create("https://evil.example/jwks")).build(), k8sClaims().build());
    embedded.sign(new RSASSASigner(attacker));

    assertRejected(embedded.serialize(), Reason.BAD_SIGNATURE,
        "the signature does not verify with the key 'rsa-1' from JWKS " + server.url("/openid/v1/jwks"));
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
    verifier.verify(signed(c -> { }));
    RSAKey next = TestKeys.otherWithKid("rsa-2");
    jwksResponse = jwks(new JWKSet(List.of(rsa, next)));

    assertThat(verifier.verify(rs256(k8sClaims().build(), next)).id()).isEqualTo("system:serviceaccount:prod:rag");
    assertThat(jwksFetches.get()).isEqualTo(2);
  }

  @Test
  void anUnknownKeyIsRejected() throws Exception {
    RSAKey stranger = TestKeys.otherWithKid("stranger");
    assertRejected(rs256(k8sClaims().build(), stranger), Reason.UNKNOWN_KEY,
        "no trusted RS256 key 'stranger' in JWKS " + server.url("/openid/v1/jwks"));
  }

  @Test
  void anExpiredTokenIsRejected() throws Exception {
    assertRejected(signed(c -> c.expirationTime(Date.from(T0.minusSeconds(61)))), Reason.EXPIRED,
        "the token expired at 2025-12-31T23:58:59Z (now 2026-01-01T00:00:00Z, clock skew tolerance PT1M)");
    assertRejected(signed(c -> c.expirationTime(null)), Reason.EXPIRED,
        "the token has no exp; workload tokens must expire");
  }

  @Test
  void aTokenWithinTheSkewIsAccepted() throws Exception {
    assertThat(verifier.verify(signed(c -> c.expirationTime(Date.from(T0.minusSeconds(59))))).verified()).isTrue();
  }

  @Test
  void aTokenNotYetValidIsRejected() throws Exception {
    assertRejected(signed(c -> c.notBeforeTime(Date.from(T0.plusSeconds(120)))), Reason.NOT_YET_VALID,
        "the token is not valid before 2026-01-01T00:02:00Z (now 2026-01-01T00:00:00Z, clock skew tolerance PT1M)");
    assertRejected(signed(c -> c.notBeforeTime(null).issueTime(Date.from(T0.plusSeconds(120)))), Reason.NOT_YET_VALID,
        "the token was issued in the future, at 2026-01-01T00:02:00Z (now 2026-01-01T00:00:00Z, clock skew tolerance PT1M)");
  }

  @Test
  void aWrongAudienceIsRejected() throws Exception {
    assertRejected(signed(c -> c.audience("https://kubernetes.default.svc")), Reason.WRONG_AUDIENCE,
        "audience [https://kubernetes.default.svc] names none of the accepted [vectorguard]");
    assertRejected(signed(c -> c.audience((String) null)), Reason.WRONG_AUDIENCE,
        "audience (none) names none of the accepted [vectorguard]");
  }

  @Test
  void aWrongIssuerIsRejected() throws Exception {
    assertRejected(signed(c -> c.issuer("https://evil.example")), Reason.WRONG_ISSUER,
        "issuer 'https://evil.example' is not the expected '" + ISSUER + "'");
    assertRejected(signed(c -> c.issuer(null)), Reason.WRONG_ISSUER,
        "issuer (none) is not the expected '" + ISSUER + "'");
  }

  @Test
  void aTokenWithoutSubjectIsRejected() throws Exception {
    assertRejected(signed(c -> c.subject(null)), Reason.MISSING_SUBJECT, "the token has no sub to identify the workload");
  }

  @Test
  void malformedEncryptedAndWronglyTypedTokensAreRejected() throws Exception {
    assertRejected("not.a.jwt", Reason.MALFORMED, "not a well-formed JWT");
    assertRejected("garbage", Reason.MALFORMED, "not a well-formed JWT");

    EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), k8sClaims().build());
    jwe.encrypt(new RSAEncrypter(rsa.toRSAPublicKey()));
    assertRejected(jwe.serialize(), Reason.ENCRYPTED, "encrypted tokens are not accepted");

    SignedJWT accessToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
        .type(new JOSEObjectType("at+jwt")).build(), k8sClaims().build());
    accessToken.sign(new RSASSASigner(rsa));
    assertRejected(accessToken.serialize(), Reason.WRONG_TYPE, "token type 'at+jwt' is not a JWT");
  }

  @Test
  void aKeyServerThatIsDownMeansCouldNotCheckNotRejected() throws Exception {
    jwksResponse = new MockResponse.Builder().code(503).body("down").build();
    String token = signed(c -> { });

    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(WorkloadTokenUnverifiableException.class)
        .hasMessageStartingWith("workload token could not be verified: could not get the keys from JWKS "
            + server.url("/openid/v1/jwks"))
        .hasMessageNotContaining(token);
  }

  @Test
  void aSlowKeyServerMeansCouldNotCheck() throws Exception {
    jwksResponse = new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS)
        .body(new JWKSet(List.of(rsa)).toPublicJWKSet().toString()).build();
    JwtWorkloadVerifier impatient = builder()
        .jwksPolicy(Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30)).build();

    assertThatThrownBy(() -> impatient.verify(signed(c -> { })))
        .isInstanceOf(WorkloadTokenUnverifiableException.class);
  }

  @Test
  void theJwksCanBeFetchedWithTheWorkloadsOwnBearerToken() throws Exception {
    Path saToken = dir.resolve("sa-token");
    Files.writeString(saToken, "sa-token-value\n");
    JwtWorkloadVerifier withBearer = builder().jwksBearerTokenFile(saToken).build();

    withBearer.verify(signed(c -> { }));

    assertThat(lastJwksRequest.getHeaders().get("Authorization")).isEqualTo("Bearer sa-token-value");
    assertThat(lastJwksRequest.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void aBearerTokenIsNeverSentOverPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().jwksUrl(URI.create("http://jwks.example/keys"))
        .jwksBearerTokenFile(dir.resolve("t")).issuer("i").audience("a").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a bearer token is only sent to an https JWKS URL (or http on loopback), but the URL is"
            + " http://jwks.example/keys");
  }

  @Test
  void keysCanComeFromAFile() throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JWKSet(List.of(rsa)).toString(false));
    JwtWorkloadVerifier fromFile = JwtWorkloadVerifier.builder().jwksFile(file).issuer(ISSUER).audience(AUDIENCE)
        .clock(clock).build();

    assertThat(fromFile.verify(signed(c -> { })).id()).isEqualTo("system:serviceaccount:prod:rag");
    assertThat(fromFile.toString()).contains("JWKS file " + file).doesNotContain("\"d\"");
  }

  @Test
  void theBuilderRequiresIssuerAudienceAndKeys() {
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().audience("a").jwkSet(new JWKSet(rsa)).build())
        .hasMessage("an issuer is required: call issuer(...)");
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().issuer("i").jwkSet(new JWKSet(rsa)).build())
        .hasMessage("at least one audience is required: call audience(...)");
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().issuer("i").audience("a").build())
        .hasMessage("keys are required: call jwksUrl(...), jwksFile(...) or jwkSet(...)");
    assertThatThrownBy(() -> JwtWorkloadVerifier.builder().jwksUrl(URI.create("file:///etc/jwks")))
        .hasMessage("the JWKS URL must be http(s), but was file:///etc/jwks");
  }
}
