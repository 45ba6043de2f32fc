package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdrantJwtMinterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String API_KEY = "qdrant-api-key-0123456789abcdef0123";

  private final TestClock clock = new TestClock(T0);
  private final QdrantJwtMinter minter = QdrantJwtMinter.builder(SecretSource.of(API_KEY)).clock(clock).build();

  private JWTClaimsSet mint(TokenRequest request) throws Exception {
    Credential credential = minter.credential(request);
    assertThat(credential.kind()).isEqualTo(CredentialKind.QDRANT_JWT);
    SignedJWT jwt = SignedJWT.parse(credential.secret());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.verify(new MACVerifier(API_KEY))).as("signed with the API key").isTrue();
    assertThat(credential.tokenId()).isEqualTo(jwt.getJWTClaimsSet().getJWTID());
    assertThat(credential.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    return jwt.getJWTClaimsSet();
  }

  @Test
  void collectionReadGrantsReadOnExactlyThoseCollections() throws Exception {
    JWTClaimsSet claims = mint(Requests.qdrant(AccessLevel.READ, "docs", "kb-eu"));

    assertThat(claims.getClaim("access")).isEqualTo(List.of(
        Map.of("collection", "docs", "access", "r"),
        Map.of("collection", "kb-eu", "access", "r")));
    assertThat(claims.getClaims()).containsOnlyKeys("sub", "subject", "iat", "exp", "jti", "access");
    assertThat(claims.getSubject()).isEqualTo(Requests.WORKLOAD);
    assertThat(claims.getClaim("subject")).isEqualTo(Requests.WORKLOAD);
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(T0));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(T0.plusSeconds(300)));
    assertThat(claims.getJWTID()).matches("[0-9a-f-]{36}");
  }

  @Test
  void collectionWriteGrantsReadWriteAndDuplicatesAreMerged() throws Exception {
    JWTClaimsSet claims = mint(Requests.qdrant(AccessLevel.WRITE, "docs", "docs"));

    // Qdrant rejects a token that names a collection twice.
    assertThat(claims.getClaim("access")).isEqualTo(List.of(Map.of("collection", "docs", "access", "rw")));
  }

  @Test
  void globalReadAndGlobalManageUseTheGlobalCodes() throws Exception {
    assertThat(mint(Requests.global(Backend.QDRANT, AccessLevel.READ)).getClaim("access")).isEqualTo("r");
    Credential manage = minter.credential(Requests.global(Backend.QDRANT, AccessLevel.MANAGE));
    assertThat(SignedJWT.parse(manage.secret()).getJWTClaimsSet().getClaim("access")).isEqualTo("m");
    assertThat(manage.expiresAt()).isEqualTo(T0.plus(QdrantJwtMinter.MANAGE_LIFETIME));
  }

  @Test
  void eachMintHasItsOwnJti() throws Exception {
    assertThat(mint(Requests.qdrant(AccessLevel.READ, "docs")).getJWTID())
        .isNotEqualTo(mint(Requests.qdrant(AccessLevel.READ, "docs")).getJWTID());
  }

  @Test
  void grantsThatQdrantCannotExpressWithoutGrantingMoreAreRefused() {
    assertRefused(Requests.qdrant(AccessLevel.ADMIN, "docs"),
        "refusing to mint a Qdrant token for qdrant admin on collections [docs]: admin access is never delegated to a token");
    assertRefused(Requests.global(Backend.QDRANT, AccessLevel.ADMIN),
        "refusing to mint a Qdrant token for qdrant admin (global): admin access is never delegated to a token");
    assertRefused(Requests.global(Backend.QDRANT, AccessLevel.WRITE),
        "refusing to mint a Qdrant token for qdrant write (global): Qdrant has no global write grant,"
            + " and manage ('m') would grant more than was decided");
    assertRefused(Requests.qdrant(AccessLevel.MANAGE, "docs"),
        "refusing to mint a Qdrant token for qdrant manage on collections [docs] (unknown): Qdrant collection"
            + " tokens cannot manage, and global manage ('m') would grant every collection");
    assertRefused(Requests.manage(Operation.DROP_COLLECTION, "docs"),
        "refusing to mint a Qdrant token for qdrant manage on collections [docs] (drop_collection): Qdrant"
            + " collection tokens cannot manage, and global manage ('m') would grant every collection");
    assertRefused(Requests.manage(Operation.CREATE_COLLECTION, ""),
        "refusing to mint a Qdrant token for qdrant manage on collections []: a collection name is empty");
    assertRefused(new TokenRequest(Backend.QDRANT, Requests.identity(), Scope.DATABASE, List.of(), AccessLevel.READ, "db"),
        "refusing to mint a Qdrant token for qdrant read on database db: Qdrant has no databases");
    assertRefused(Requests.qdrant(AccessLevel.READ),
        "refusing to mint a Qdrant token for qdrant read on collections []: no collection was named");
    assertRefused(Requests.qdrant(AccessLevel.READ, ""),
        "refusing to mint a Qdrant token for qdrant read on collections []: a collection name is empty");
    assertRefused(Requests.collection(Backend.MILVUS, AccessLevel.READ, "docs"),
        "the Qdrant JWT minter cannot make credentials for milvus");
  }

  @Test
  void createCollectionGetsGlobalManageForThatCallAloneAndBriefly() throws Exception {
    TokenRequest create = Requests.manage(Operation.CREATE_COLLECTION, "docs");
    Credential credential = minter.credential(create);
    JWTClaimsSet claims = SignedJWT.parse(credential.secret()).getJWTClaimsSet();

    // Qdrant accepts only global manage for creating a collection; it cannot be named in a token yet.
    assertThat(claims.getClaim("access")).isEqualTo("m");
    assertThat(credential.expiresAt()).isEqualTo(T0.plus(QdrantJwtMinter.MANAGE_LIFETIME));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(T0.plus(QdrantJwtMinter.MANAGE_LIFETIME)));
    assertThat(minter.cacheable(create)).isFalse();
    assertThat(minter.cacheable(Requests.global(Backend.QDRANT, AccessLevel.MANAGE))).isFalse();
    assertThat(minter.cacheable(Requests.qdrant(AccessLevel.WRITE, "docs"))).isTrue();
  }

  @Test
  void payloadIndexCallsGetReadWriteOnTheirCollectionOnly() throws Exception {
    for (Operation operation : List.of(Operation.CREATE_INDEX, Operation.DROP_INDEX)) {
      Credential credential = minter.credential(Requests.manage(operation, "docs"));
      JWTClaimsSet claims = SignedJWT.parse(credential.secret()).getJWTClaimsSet();

      assertThat(claims.getClaim("access")).as(operation.id())
          .isEqualTo(List.of(Map.of("collection", "docs", "access", "rw")));
      assertThat(credential.expiresAt()).isEqualTo(T0.plus(QdrantJwtMinter.MANAGE_LIFETIME));
    }
  }

  @Test
  void aCacheNeverServesAManageTokenTwice() throws Exception {
    CachingTokenSource cached = CachingTokenSource.builder(minter).clock(clock).build();
    TokenRequest create = Requests.manage(Operation.CREATE_COLLECTION, "docs");

    Credential first = cached.credential(create);
    Credential second = cached.credential(create);
    Credential index = cached.credential(Requests.manage(Operation.CREATE_INDEX, "docs"));

    assertThat(List.of(first.tokenId(), second.tokenId(), index.tokenId())).doesNotHaveDuplicates();
    assertThat(cached.toString()).as("nothing kept").endsWith("entries=0}");
    // Reads are still cached: the same token serves the next read.
    assertThat(cached.credential(Requests.qdrant(AccessLevel.READ, "docs")).tokenId())
        .isEqualTo(cached.credential(Requests.qdrant(AccessLevel.READ, "docs")).tokenId());
  }

  @Test
  void aRefusedManageTokenIsReportedThroughTheCacheWithItsReason() {
    CachingTokenSource cached = CachingTokenSource.builder(minter).clock(clock).build();

    assertThatThrownBy(() -> cached.credential(Requests.manage(Operation.ALIAS, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("no valid credential for qdrant manage on collections [docs]: refusing to mint a Qdrant token"
            + " for qdrant manage on collections [docs] (alias): Qdrant collection tokens cannot manage, and"
            + " global manage ('m') would grant every collection");
  }

  private void assertRefused(TokenRequest request, String message) {
    assertThatThrownBy(() -> minter.credential(request))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage(message);
  }

  @Test
  void healthProbesGetNoCredential() throws Exception {
    assertThat(minter.credential(Requests.global(Backend.QDRANT, AccessLevel.NONE))).isSameAs(Credential.NONE);
  }

  @Test
  void aShortApiKeyIsRefusedWhenBuiltWithoutShowingIt() {
    assertThatThrownBy(() -> QdrantJwtMinter.builder(SecretSource.of("short-key")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Qdrant API key from value:fp:" + Credential.keyedFingerprintOf("short-key")
            + " must be at least 32 bytes (HS256 needs a key of 256 bits), but was 9 bytes");
    assertThat(QdrantJwtMinter.builder(SecretSource.of("k".repeat(32))).build()).isNotNull();
  }

  @Test
  void aKeyThatIsShortOnlyAfterRotationIsRefusedAtTheCall() throws Exception {
    String[] key = {API_KEY};
    QdrantJwtMinter rotating = QdrantJwtMinter.builder(() -> key[0]).clock(clock).build();
    key[0] = "short-key";

    assertThatThrownBy(() -> rotating.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageEndingWith(" is shorter than 32 bytes; HS256 tokens need a key of at least 256 bits");
  }

  @Test
  void aKeyThatCannotBeReadYetIsCheckedAtTheCall() {
    QdrantJwtMinter unset = QdrantJwtMinter.builder(SecretSource.env("VECTORGUARD_TEST_UNSET_QDRANT_KEY")).build();

    assertThatThrownBy(() -> unset.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("environment variable VECTORGUARD_TEST_UNSET_QDRANT_KEY is not set or empty");
  }

  @Test
  void theCacheKeyIsTheWorkloadScopeLevelAndCollections() {
    assertThat(minter.cacheKey(Requests.qdrant(AccessLevel.READ, "docs")))
        .isEqualTo(minter.cacheKey(Requests.qdrant(AccessLevel.READ, "docs")))
        .isNotEqualTo(minter.cacheKey(Requests.qdrant(AccessLevel.WRITE, "docs")))
        .isNotEqualTo(minter.cacheKey(Requests.qdrant(AccessLevel.READ, "docs", "kb")))
        .isNotEqualTo(minter.cacheKey(Requests.global(Backend.QDRANT, AccessLevel.READ)));
  }

  @Test
  void aCachedQdrantTokenIsNeverServedForAnotherBackend() throws Exception {
    CachingTokenSource cached = CachingTokenSource.builder(minter).clock(clock).build();
    assertThat(cached.credential(Requests.qdrant(AccessLevel.READ, "docs")).kind())
        .isEqualTo(CredentialKind.QDRANT_JWT);

    assertThatThrownBy(() -> cached.credential(Requests.collection(Backend.MILVUS, AccessLevel.READ, "docs")))
        .as("a Milvus call must not get the Qdrant JWT cached for the same workload, level and collection")
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("the Qdrant JWT minter cannot make credentials for milvus");
  }

  @Test
  void theCacheKeyTellsBackendsAndDatabasesApart() {
    TokenRequest inDatabase = new TokenRequest(Backend.QDRANT, Requests.identity(), Scope.COLLECTION,
        List.of("docs"), AccessLevel.READ, "db1");
    assertThat(minter.cacheKey(Requests.qdrant(AccessLevel.READ, "docs")))
        .isNotEqualTo(minter.cacheKey(Requests.collection(Backend.MILVUS, AccessLevel.READ, "docs")))
        .isNotEqualTo(minter.cacheKey(inDatabase));
  }

  @Test
  void aGlobalRequestThatNamesCollectionsIsRefusedRatherThanGrantingEveryCollection() {
    TokenRequest request = new TokenRequest(Backend.QDRANT, Requests.identity(), Scope.GLOBAL, List.of("docs"),
        AccessLevel.READ, null);
    assertThatThrownBy(() -> minter.credential(request))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("refusing to mint a Qdrant token for qdrant read (global): the call names collections "
            + "[docs], and a global grant would cover every collection");
  }

  @Test
  void lifetimeIsBounded() {
    assertThatThrownBy(() -> QdrantJwtMinter.builder(SecretSource.of(API_KEY)).lifetime(Duration.ofHours(2)))
        .hasMessage("lifetime must be between 1 minute and 1 hour, but was PT2H");
  }

  @Test
  void toStringShowsOnlyTheKeysFingerprint() {
    assertThat(minter.toString()).doesNotContain(API_KEY)
        .isEqualTo("QdrantJwtMinter{key=value:fp:" + Credential.keyedFingerprintOf(API_KEY) + ", lifetime=PT5M}");
  }
}
