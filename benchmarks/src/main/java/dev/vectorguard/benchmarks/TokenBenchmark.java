package dev.vectorguard.benchmarks;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Scope;
import dev.vectorguard.Workload;
import dev.vectorguard.token.CachingTokenSource;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenRequest;
import dev.vectorguard.token.TokenUnavailableException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue item 5: the cached-token fast path (a warm {@link CachingTokenSource} in front of the
 * {@link QdrantJwtMinter}, 64 distinct workload × collection keys cycled) and minting one Qdrant
 * JWT (HS256, Nimbus) without the cache. {@link TokenSimulation} turns these into mints per second
 * at 10k calls/s.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class TokenBenchmark {
  static final String API_KEY = "bench-qdrant-api-key-0123456789abcdef0123456789";
  static final int KEYS = 64;

  private QdrantJwtMinter minter;
  private CachingTokenSource cached;
  private TokenRequest[] requests;
  private int next;

  @Setup
  public void setUp() throws TokenUnavailableException {
    minter = QdrantJwtMinter.builder(SecretSource.of(API_KEY)).build();
    cached = CachingTokenSource.builder(minter).build();
    requests = new TokenRequest[KEYS];
    for (int i = 0; i < KEYS; i++) {
      requests[i] = request("svc-" + (i % 8), "f" + i + "-c" + i, i % 4 == 0 ? AccessLevel.WRITE : AccessLevel.READ);
      cached.credential(requests[i]);
    }
  }

  static TokenRequest request(String workload, String collection, AccessLevel access) {
    Identity identity = Identity.of(Workload.configured(GeneratedPolicy.WORKLOAD_PREFIX + workload));
    return new TokenRequest(Backend.QDRANT, identity, Scope.COLLECTION, List.of(collection), access, null);
  }

  /** A valid token from the cache: key lookup and clock read. */
  @Benchmark
  public Credential cachedToken() throws TokenUnavailableException {
    return cached.credential(requests[next++ & (KEYS - 1)]);
  }

  /** A fresh Qdrant JWT: claims, HS256 signature, serialisation. */
  @Benchmark
  public Credential mintQdrantJwt() throws TokenUnavailableException {
    return minter.credential(requests[next++ & (KEYS - 1)]);
  }
}
