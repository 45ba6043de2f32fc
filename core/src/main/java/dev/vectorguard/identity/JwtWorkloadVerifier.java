package dev.vectorguard.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.vectorguard.Workload;
import dev.vectorguard.identity.WorkloadTokenRejectedException.Reason;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a workload's JWT (a Kubernetes projected service-account token, a SPIFFE JWT-SVID)
 * and turns it into a verified {@link Workload} whose id is the token's {@code sub}
 * ({@code spiffe://acme.io/ns/prod/sa/rag}, {@code system:serviceaccount:prod:rag}).
 *
 * <p>Built on Nimbus {@link DefaultJWTProcessor}: signature first, then claims. Algorithms are
 * pinned to asymmetric ones (default RS256 and ES256; HMAC and {@code none} cannot be configured,
 * which rules out HS/RS key confusion); issuer and audience are required and checked; {@code exp}
 * is required; {@code nbf} and {@code iat} must not be in the future; the clock and its skew
 * tolerance (default 60 s) are injected. Keys come from a JWKS URL (through
 * {@link JWKSourceBuilder}: cached, rate-limited, outage-tolerant, fetched with an injectable
 * {@link HttpClient}) or from a JWKS file.
 *
 * <p>Each rejection is a {@link WorkloadTokenRejectedException} with a distinct
 * {@link Reason}; a key set that cannot be fetched is a {@link WorkloadTokenUnverifiableException}.
 * Messages never contain the token. Thread-safe.
 *
 * <pre>{@code
 * JwtWorkloadVerifier verifier = JwtWorkloadVerifier.builder()
 *     .jwksUrl(URI.create("https://kubernetes.default.svc/openid/v1/jwks"))
 *     .issuer("https://kubernetes.default.svc")
 *     .audience("vectorguard")
 *     .build();
 * Workload workload = verifier.verify(token);
 * }</pre>
 */
public final class JwtWorkloadVerifier {
  private static final Set<JOSEObjectType> ACCEPTED_TYPES =
      Set.of(JOSEObjectType.JWT, JOSEObjectType.JOSE);

  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String keys;

  private JwtWorkloadVerifier(Builder builder, JWKSource<SecurityContext> source) {
    this.algorithms = Set.copyOf(builder.algorithms);
    this.keys = builder.keysDescription;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
    processor.setJWTClaimsSetVerifier(new WorkloadClaimsVerifier(builder.issuer, Set.copyOf(builder.audiences),
        builder.clock, builder.clockSkew));
    // The type is checked before processing, with its own reason.
    processor.setJWSTypeVerifier((type, context) -> { });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The verified workload that {@code token} proves.
   *
   * @throws WorkloadTokenRejectedException when the token is not acceptable, with the reason
   * @throws WorkloadTokenUnverifiableException when the keys to check it cannot be had
   */
  public Workload verify(String token) throws WorkloadIdentityException {
    Objects.requireNonNull(token, "token");
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.strip());
    } catch (ParseException e) {
      throw new WorkloadTokenRejectedException(Reason.MALFORMED, "not a well-formed JWT", e);
    }
    if (jwt instanceof PlainJWT) {
      throw new WorkloadTokenRejectedException(Reason.UNSIGNED, "unsigned tokens (alg=none) are never accepted", null);
    }
    if (jwt instanceof EncryptedJWT) {
      throw new WorkloadTokenRejectedException(Reason.ENCRYPTED, "encrypted tokens are not accepted", null);
    }
    SignedJWT signed = (SignedJWT) jwt;
    JWSHeader header = signed.getHeader();
    if (!algorithms.contains(header.getAlgorithm())) {
      throw new WorkloadTokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED, "algorithm " + header.getAlgorithm()
          + " is not allowed; expected one of " + new java.util.TreeSet<>(algorithms.stream().map(JWSAlgorithm::getName).toList()), null);
    }
    if (header.getType() != null && !ACCEPTED_TYPES.contains(header.getType())) {
      throw new WorkloadTokenRejectedException(Reason.WRONG_TYPE,
          "token type '" + header.getType() + "' is not a JWT", null);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (WorkloadClaimsVerifier.Rejected e) {
      throw new WorkloadTokenRejectedException(e.reason(), e.getMessage(), null);
    } catch (BadJWSException e) {
      throw new WorkloadTokenRejectedException(Reason.BAD_SIGNATURE,
          "the signature does not verify with the key" + kid(header) + " from " + keys, e);
    } catch (BadJOSEException e) {
      // Algorithm and type are checked above, so what remains is: no key for this kid and algorithm.
      throw new WorkloadTokenRejectedException(Reason.UNKNOWN_KEY,
          "no trusted " + header.getAlgorithm() + " key" + kid(header) + " in " + keys, e);
    } catch (KeySourceException e) {
      throw new WorkloadTokenUnverifiableException("could not get the keys from " + keys + ": "
          + e.getClass().getSimpleName(), e);
    } catch (JOSEException e) {
      throw new WorkloadTokenUnverifiableException("could not check the signature with the keys from " + keys, e);
    }
    return Workload.verified(claims.getSubject(), flatten(claims));
  }

  private static String kid(JWSHeader header) {
    return header.getKeyID() == null ? " (no kid)" : " '" + header.getKeyID() + "'";
  }

  /** The claims as policy attributes: strings as they are, lists joined by commas, objects by dotted paths. */
  static Map<String, String> flatten(JWTClaimsSet claims) {
    Map<String, String> out = new TreeMap<>();
    claims.getClaims().forEach((name, value) -> flatten(name, value, out, 0));
    return out;
  }

  private static void flatten(String path, @Nullable Object value, Map<String, String> out, int depth) {
    if (value == null || depth > 3) {
      return;
    }
    if (value instanceof java.util.Date date) {
      out.put(path, Long.toString(date.toInstant().getEpochSecond()));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, nested) -> flatten(path + "." + key, nested, out, depth + 1));
    } else if (value instanceof List<?> list) {
      if (list.stream().allMatch(item -> item instanceof String || item instanceof Number || item instanceof Boolean)) {
        out.put(path, String.join(",", list.stream().map(String::valueOf).toList()));
      }
    } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      out.put(path, value.toString());
    }
  }

  @Override
  public String toString() {
    return "JwtWorkloadVerifier{" + keys + ", algorithms=" + algorithms + '}';
  }

  /** Configures a {@link JwtWorkloadVerifier}; not thread-safe. Issuer, audience and keys are required. */
  public static final class Builder {
    private @Nullable String issuer;
    private final Set<String> audiences = new LinkedHashSet<>();
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256));
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = Duration.ofSeconds(60);
    private @Nullable JWKSource<SecurityContext> keySource;
    private @Nullable URI jwksUrl;
    private @Nullable HttpClient http;
    private @Nullable Path jwksBearerTokenFile;
    private Duration jwksTimeout = Duration.ofSeconds(5);
    private Duration jwksCacheTtl = Duration.ofMinutes(5);
    private Duration jwksOutageTolerance = Duration.ofHours(1);
    private Duration jwksRateLimit = Duration.ofSeconds(30);
    private String keysDescription = "";

    private Builder() {}

    /** The only accepted {@code iss}. */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new IllegalArgumentException("issuer must not be blank");
      }
      this.issuer = issuer;
      return this;
    }

    /** Accepted audiences: a token's {@code aud} must name at least one. */
    public Builder audience(String... audiences) {
      for (String audience : audiences) {
        Objects.requireNonNull(audience, "audience");
        if (audience.isBlank()) {
          throw new IllegalArgumentException("audience must not be blank");
        }
        this.audiences.add(audience);
      }
      return this;
    }

    /**
     * The accepted signature algorithms, replacing the default RS256 and ES256.
     *
     * @throws IllegalArgumentException for HMAC algorithms or none: a workload token is verified
     *     with a public key, never a shared secret
     */
    public Builder algorithms(JWSAlgorithm... algorithms) {
      Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
      for (JWSAlgorithm algorithm : algorithms) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)
            && !JWSAlgorithm.Family.ED.contains(algorithm)) {
          throw new IllegalArgumentException("only RSA, EC and EdDSA algorithms can verify workload tokens, but was "
              + algorithm);
        }
        chosen.add(algorithm);
      }
      if (chosen.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm is required");
      }
      this.algorithms.clear();
      this.algorithms.addAll(chosen);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The clock skew tolerated on {@code exp}, {@code nbf} and {@code iat} (default 60 s, at most 5 min). */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, but was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** Keys from a JWKS URL, cached, rate-limited and outage-tolerant. */
    public Builder jwksUrl(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new IllegalArgumentException("the JWKS URL must be http(s), but was " + url);
      }
      this.jwksUrl = url;
      this.keySource = null;
      return this;
    }

    /**
     * Sends the token in {@code file} as {@code Authorization: Bearer} when fetching the JWKS, as
     * the Kubernetes API server requires ({@code /openid/v1/jwks}); the file is read on each fetch.
     * The JWKS URL must then be https, or http on a loopback address.
     */
    public Builder jwksBearerTokenFile(Path file) {
      this.jwksBearerTokenFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The HTTP client for the JWKS URL (default: a new one). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** JWKS fetching: request timeout, cache lifetime, outage tolerance and minimum interval between fetches. */
    public Builder jwksPolicy(Duration timeout, Duration cacheTtl, Duration outageTolerance, Duration rateLimit) {
      for (Duration d : List.of(timeout, cacheTtl, outageTolerance, rateLimit)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("JWKS durations must be positive, but was " + d);
        }
      }
      if (rateLimit.compareTo(cacheTtl) >= 0) {
        throw new IllegalArgumentException("the JWKS rate limit (" + rateLimit + ") must be shorter than the cache TTL ("
            + cacheTtl + ")");
      }
      this.jwksTimeout = timeout;
      this.jwksCacheTtl = cacheTtl;
      this.jwksOutageTolerance = outageTolerance;
      this.jwksRateLimit = rateLimit;
      return this;
    }

    /**
     * Keys from a JWKS file, read once now.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not a JWK set
     */
    public Builder jwksFile(Path file) {
      Objects.requireNonNull(file, "file");
      try {
        JWKSet set = JWKSet.parse(Files.readString(file));
        jwkSet(set);
        this.keysDescription = "JWKS file " + file;
      } catch (IOException | ParseException e) {
        throw new IllegalArgumentException("could not read a JWK set from " + file + ": " + e.getMessage(), e);
      }
      return this;
    }

    /** Fixed keys (only their public parts are kept). */
    public Builder jwkSet(JWKSet keys) {
      Objects.requireNonNull(keys, "keys");
      if (keys.getKeys().isEmpty()) {
        throw new IllegalArgumentException("the JWK set has no keys");
      }
      this.keySource = new ImmutableJWKSet<>(keys.toPublicJWKSet());
      this.jwksUrl = null;
      this.keysDescription = "a fixed JWK set of " + keys.getKeys().size() + " key(s)";
      return this;
    }

    /**
     * @throws IllegalStateException when the issuer, an audience or the keys are missing
     */
    public JwtWorkloadVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("an issuer is required: call issuer(...)");
      }
      if (audiences.isEmpty()) {
        throw new IllegalStateException("at least one audience is required: call audience(...)");
      }
      JWKSource<SecurityContext> source = keySource;
      if (jwksUrl != null) {
        if (jwksBearerTokenFile != null && !HttpJwksRetriever.confidential(jwksUrl)) {
          throw new IllegalStateException("a bearer token is only sent to an https JWKS URL (or http on loopback),"
              + " but the URL is " + HttpJwksRetriever.safe(jwksUrl));
        }
        try {
          HttpClient client = http != null ? http
              : HttpClient.newBuilder().connectTimeout(jwksTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
          source = JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL(), new HttpJwksRetriever(client, jwksTimeout, jwksBearerTokenFile))
              .cache(jwksCacheTtl.toMillis(), jwksTimeout.toMillis())
              .rateLimited(jwksRateLimit.toMillis())
              .outageTolerant(jwksOutageTolerance.toMillis())
              .refreshAheadCache(false)
              .build();
          keysDescription = "JWKS " + HttpJwksRetriever.safe(jwksUrl);
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("the JWKS URL is not a URL: " + e.getMessage(), e);
        }
      }
      if (source == null) {
        throw new IllegalStateException("keys are required: call jwksUrl(...), jwksFile(...) or jwkSet(...)");
      }
      return new JwtWorkloadVerifier(this, source);
    }
  }
}
