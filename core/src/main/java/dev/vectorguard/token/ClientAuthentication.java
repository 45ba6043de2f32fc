package dev.vectorguard.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How a client authenticates to an OAuth2 token endpoint (RFC 6749 §2.3, RFC 7523 §2.2).
 * Immutable and thread-safe; {@link #toString()} names the method and client id, never a secret.
 *
 * <pre>{@code
 * ClientAuthentication auth = ClientAuthentication.clientSecretBasic("rag", SecretSource.env("CLIENT_SECRET"));
 * ClientAuthentication jwt = ClientAuthentication.privateKeyJwt("rag", RSAKey.parse(pem));
 * }</pre>
 */
public final class ClientAuthentication {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);
  /** The smallest RSA key nimbus signs with (RFC 7518 section 3.3). */
  private static final int MIN_RSA_BITS = 2048;

  /** The client authentication methods of RFC 6749 and RFC 7523. */
  public enum Method {
    /** No client authentication (a public client, or one authenticated by its subject token). */
    NONE,
    /** HTTP Basic with the form-encoded client id and secret. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST,
    /** A JWT assertion signed with the client's private key (RFC 7523). */
    PRIVATE_KEY_JWT
  }

  private final Method method;
  private final @Nullable String clientId;
  private final @Nullable SecretSource secret;
  private final @Nullable JWK key;
  private final @Nullable JWSAlgorithm algorithm;

  private ClientAuthentication(Method method, @Nullable String clientId, @Nullable SecretSource secret,
      @Nullable JWK key, @Nullable JWSAlgorithm algorithm) {
    this.method = method;
    this.clientId = clientId;
    this.secret = secret;
    this.key = key;
    this.algorithm = algorithm;
  }

  /** No client authentication. */
  public static ClientAuthentication none() {
    return new ClientAuthentication(Method.NONE, null, null, null, null);
  }

  /** {@code client_secret_basic}: HTTP Basic with the client id and secret. */
  public static ClientAuthentication clientSecretBasic(String clientId, SecretSource secret) {
    return new ClientAuthentication(Method.CLIENT_SECRET_BASIC, checkId(clientId),
        Objects.requireNonNull(secret, "secret"), null, null);
  }

  /** {@code client_secret_post}: the client id and secret in the form body. */
  public static ClientAuthentication clientSecretPost(String clientId, SecretSource secret) {
    return new ClientAuthentication(Method.CLIENT_SECRET_POST, checkId(clientId),
        Objects.requireNonNull(secret, "secret"), null, null);
  }

  /**
   * {@code private_key_jwt}: a short-lived assertion signed with {@code privateKey}, an RSA key
   * (RS256) or an EC key (ES256, ES384 or ES512 by curve). The key's {@code kid} goes in the header.
   *
   * @throws IllegalArgumentException when the key is not a private RSA key of at least 2048 bits or
   *     a private EC key, so that the first token request does not fail to sign
   */
  public static ClientAuthentication privateKeyJwt(String clientId, JWK privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (!privateKey.isPrivate()) {
      throw new IllegalArgumentException("private_key_jwt needs a private key, but the key given is public only");
    }
    JWSAlgorithm algorithm;
    if (privateKey instanceof RSAKey rsa) {
      if (rsa.size() < MIN_RSA_BITS) {
        throw new IllegalArgumentException("private_key_jwt needs an RSA key of at least " + MIN_RSA_BITS
            + " bits, but was " + rsa.size() + " bits");
      }
      algorithm = JWSAlgorithm.RS256;
    } else if (privateKey instanceof ECKey ec) {
      Curve curve = ec.getCurve();
      algorithm = Curve.P_256.equals(curve) ? JWSAlgorithm.ES256
          : Curve.P_384.equals(curve) ? JWSAlgorithm.ES384
          : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : null;
      if (algorithm == null) {
        throw new IllegalArgumentException("private_key_jwt supports EC curves P-256, P-384 and P-521, but was " + curve);
      }
    } else {
      throw new IllegalArgumentException("private_key_jwt needs an RSA or EC key, but was " + privateKey.getKeyType());
    }
    return new ClientAuthentication(Method.PRIVATE_KEY_JWT, checkId(clientId), null, privateKey, algorithm);
  }

  private static String checkId(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    return clientId;
  }

  public Method method() {
    return method;
  }

  public @Nullable String clientId() {
    return clientId;
  }

  /** Adds this authentication to a token request: a header, form fields, or both. */
  void apply(HttpRequest.Builder request, Map<String, List<String>> form, URI endpoint, Clock clock)
      throws TokenUnavailableException {
    switch (method) {
      case NONE -> { }
      case CLIENT_SECRET_BASIC -> {
        String user = formEncode(clientId) + ":" + formEncode(secret.secret());
        request.header("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
      }
      case CLIENT_SECRET_POST -> {
        form.put("client_id", List.of(clientId));
        form.put("client_secret", List.of(secret.secret()));
      }
      case PRIVATE_KEY_JWT -> {
        form.put("client_id", List.of(clientId));
        form.put("client_assertion_type", List.of(JWT_BEARER));
        form.put("client_assertion", List.of(assertion(endpoint, clock)));
      }
    }
  }

  private String assertion(URI endpoint, Clock clock) throws TokenUnavailableException {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(endpoint.toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new TokenUnavailableException("could not sign the private_key_jwt client assertion for client "
          + clientId + " with " + algorithm, e);
    }
    return jwt.serialize();
  }

  static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    String name = method.name().toLowerCase(java.util.Locale.ROOT);
    return clientId == null ? name : name + "(client_id=" + clientId + (key == null ? "" : ", " + algorithm) + ")";
  }
}
