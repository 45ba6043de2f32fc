package dev.vectorguard.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Mints a Qdrant JWT (HS256, signed with the Qdrant API key) that grants exactly what the policy
 * decision granted, so that Qdrant enforces the same decision on its side.
 *
 * <ul>
 *   <li>Collection read: {@code "access": [{"collection": c, "access": "r"}]} for each granted
 *       collection; collection write: the same with {@code "rw"}.
 *   <li>Global read: {@code "access": "r"}; global manage: {@code "access": "m"}.
 *   <li>Manage on named collections, by {@link TokenRequest#operation() operation}, as Qdrant
 *       authorises each: {@code create_index} and {@code drop_index} (payload indexes) get
 *       {@code "rw"} on those collections, which Qdrant accepts for them; {@code create_collection}
 *       gets global {@code "m"}, the only grant Qdrant accepts for it (a collection that does not
 *       exist yet cannot be named in a token). Every other manage call on collections is refused:
 *       Qdrant collection tokens cannot manage, and global {@code m} would grant every collection.
 *   <li>Refused, with a {@link TokenUnavailableException}: admin access, global write (Qdrant has
 *       no such grant short of manage), the manage calls above, database scope, global scope on a
 *       call that names collections, and any backend other than Qdrant.
 * </ul>
 *
 * <p>Manage tokens are never cached ({@link #cacheable} is false for them): each is minted for
 * its call alone, lives at most {@link #MANAGE_LIFETIME} and is not served to another call, so a
 * global {@code m} minted for one {@code create_collection} cannot be replayed by a later call.
 *
 * <p>The {@code access} claim is never left out: Qdrant reads a token without it as full access.
 * Each token carries {@code sub} and {@code subject} (the workload id; Qdrant writes
 * {@code subject} to its audit log), {@code iat}, {@code exp} ({@link Builder#lifetime} ahead,
 * default 5 min) and a random {@code jti}. Access {@code none} (health probes) attaches nothing.
 *
 * <p>Minting signs a JWT: put the minter behind a {@link CachingTokenSource}, which keys its
 * cache by {@link #cacheKey} (backend, workload, scope, level, collections, database). Thread-safe.
 *
 * <pre>{@code
 * TokenSource qdrant = TokenSources.cached(QdrantJwtMinter.builder(SecretSource.env("QDRANT_API_KEY")).build());
 * }</pre>
 */
public final class QdrantJwtMinter implements KeyedTokenSource {
  /** The claim Qdrant reads access from. */
  public static final String ACCESS_CLAIM = "access";
  /** The shortest API key HS256 can sign with, in bytes (256 bits). */
  public static final int MIN_KEY_BYTES = 32;
  /** The longest a manage token lives, whatever {@link Builder#lifetime} says. */
  public static final Duration MANAGE_LIFETIME = Duration.ofMinutes(1);

  private final SecretSource apiKey;
  private final Clock clock;
  private final Duration lifetime;

  private record Key(Backend backend, String workload, Scope scope, AccessLevel access, List<String> collections,
      @Nullable String database) {}

  private QdrantJwtMinter(Builder builder) {
    this.apiKey = builder.apiKey;
    this.clock = builder.clock;
    this.lifetime = builder.lifetime;
  }

  /** A builder for a minter signing with the Qdrant API key from {@code apiKey} ({@value #MIN_KEY_BYTES}+ bytes). */
  public static Builder builder(SecretSource apiKey) {
    return new Builder(Objects.requireNonNull(apiKey, "apiKey"));
  }

  @Override
  public Object cacheKey(TokenRequest request) {
    // Everything the minted token (or the refusal to mint one) depends on, so that a cached token
    // is never served for a request the minter would have answered differently.
    return new Key(request.backend(), request.identity().workload().id(), request.scope(), request.access(),
        request.collections(), request.database());
  }

  /** Manage tokens are minted per call: false for every request at {@link AccessLevel#MANAGE}. */
  @Override
  public boolean cacheable(TokenRequest request) {
    return request.access() != AccessLevel.MANAGE;
  }

  /**
   * A token granting exactly {@code request}'s scope and level.
   *
   * @throws TokenUnavailableException when the grant cannot be expressed as a Qdrant token without
   *     granting more, or the API key is unavailable or too short
   */
  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    if (request.backend() != Backend.QDRANT) {
      throw new TokenUnavailableException("the Qdrant JWT minter cannot make credentials for "
          + request.backend().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (request.access() == AccessLevel.NONE) {
      return Credential.NONE;
    }
    Object access = accessClaim(request);
    Instant now = clock.instant();
    Duration validFor = request.access() == AccessLevel.MANAGE && lifetime.compareTo(MANAGE_LIFETIME) > 0
        ? MANAGE_LIFETIME : lifetime;
    Instant expiresAt = now.plus(validFor);
    String jti = UUID.randomUUID().toString();
    String workload = request.identity().workload().id();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(workload)
        .claim("subject", workload)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expiresAt))
        .jwtID(jti)
        .claim(ACCESS_CLAIM, access)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new MACSigner(apiKey.secret().getBytes(StandardCharsets.UTF_8)));
    } catch (KeyLengthException e) {
      // Checked when built; a rotated key may still be short.
      throw new TokenUnavailableException("the Qdrant API key from " + apiKey
          + " is shorter than " + MIN_KEY_BYTES + " bytes; HS256 tokens need a key of at least 256 bits", e);
    } catch (JOSEException e) {
      throw new TokenUnavailableException("could not sign a Qdrant JWT with the API key from " + apiKey, e);
    }
    // Seconds precision: the credential expires when Qdrant will say it does.
    return Credential.of(CredentialKind.QDRANT_JWT, jwt.serialize(),
        Instant.ofEpochSecond(expiresAt.getEpochSecond()), jti);
  }

  private static Object accessClaim(TokenRequest request) throws TokenUnavailableException {
    AccessLevel level = request.access();
    String what = CachingTokenSource.describe(request);
    if (level == AccessLevel.ADMIN) {
      throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what
          + ": admin access is never delegated to a token");
    }
    if (request.scope() == Scope.GLOBAL && !request.collections().isEmpty()) {
      throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what + ": the call names collections "
          + request.collections() + ", and a global grant would cover every collection");
    }
    return switch (request.scope()) {
      case GLOBAL -> switch (level) {
        case READ -> "r";
        case MANAGE -> "m";
        default -> throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what
            + ": Qdrant has no global write grant, and manage ('m') would grant more than was decided");
      };
      case DATABASE -> throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what
          + ": Qdrant has no databases");
      case COLLECTION -> collectionAccess(request, level, what);
    };
  }

  private static Object collectionAccess(TokenRequest request, AccessLevel level, String what)
      throws TokenUnavailableException {
    if (level != AccessLevel.MANAGE) {
      return collectionEntries(request, level == AccessLevel.READ ? "r" : "rw", what);
    }
    return switch (request.operation()) {
      // Qdrant checks payload-index changes as a write on the collection (rw, not prw).
      case CREATE_INDEX, DROP_INDEX -> collectionEntries(request, "rw", what);
      case CREATE_COLLECTION -> {
        collectionEntries(request, "m", what);   // the same checks of the names, though the grant is global
        yield "m";
      }
      default -> throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what
          + " (" + request.operation().id() + "): Qdrant collection tokens cannot manage, and global manage ('m')"
          + " would grant every collection");
    };
  }

  /** One {@code {collection, access}} entry per named collection; refuses an empty list or name. */
  private static List<Map<String, String>> collectionEntries(TokenRequest request, String code, String what)
      throws TokenUnavailableException {
    Set<String> names = new LinkedHashSet<>(request.collections());
    if (names.isEmpty()) {
      throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what + ": no collection was named");
    }
    List<Map<String, String>> entries = new ArrayList<>(names.size());
    for (String name : names) {
      if (name.isEmpty()) {
        throw new TokenUnavailableException("refusing to mint a Qdrant token for " + what
            + ": a collection name is empty");
      }
      entries.add(Map.of("collection", name, "access", code));
    }
    return entries;
  }

  @Override
  public String toString() {
    return "QdrantJwtMinter{key=" + apiKey + ", lifetime=" + lifetime + '}';
  }

  /** Configures a {@link QdrantJwtMinter}; not thread-safe. */
  public static final class Builder {
    private final SecretSource apiKey;
    private Clock clock = Clock.systemUTC();
    private Duration lifetime = Duration.ofMinutes(5);

    private Builder(SecretSource apiKey) {
      this.apiKey = apiKey;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long each token is valid (default 5 min; between 1 min and 1 h). */
    public Builder lifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("lifetime must be between 1 minute and 1 hour, but was " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Builds the minter after reading the API key once, so that a key HS256 cannot sign with is
     * refused now rather than at the first call. The key is read again for every token (a
     * rotated file is picked up) and checked again then; a key that cannot be read yet (a secret
     * file not mounted yet) is checked only then, as every secret source is.
     *
     * @throws IllegalArgumentException when the key is shorter than {@value #MIN_KEY_BYTES} bytes;
     *     the message gives its length, never the key
     */
    public QdrantJwtMinter build() {
      int length;
      try {
        length = apiKey.secret().getBytes(StandardCharsets.UTF_8).length;
      } catch (TokenUnavailableException e) {
        return new QdrantJwtMinter(this);
      }
      if (length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("the Qdrant API key from " + apiKey + " must be at least " + MIN_KEY_BYTES
            + " bytes (HS256 needs a key of 256 bits), but was " + length + " bytes");
      }
      return new QdrantJwtMinter(this);
    }
  }
}
