package dev.vectorguard.benchmarks;

import dev.vectorguard.Decision;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.token.CachingTokenSource;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.KeyedTokenSource;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenRequest;
import dev.vectorguard.token.TokenUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many Qdrant JWTs must be minted per second when the guard serves 10,000 calls per second
 * through the token cache: simulated with a virtual clock over ten minutes of traffic drawn from the
 * decision benchmark's request mix (only allowed calls get a token), with the shipped cache settings
 * (5-minute tokens, refresh at 75% of their lifetime). Counts are exact; no wall-clock time is
 * involved, so the result does not depend on the machine.
 */
final class TokenSimulation {
  static final int CALLS_PER_SECOND = 10_000;
  static final int SECONDS = 900;
  /** Tokens live 5 minutes and are refreshed at 75%: every key is minted again every 225 s. */
  static final int REFRESH_PERIOD = 225;
  static final int STEADY_FROM = REFRESH_PERIOD;
  static final int STEADY_UNTIL = 3 * REFRESH_PERIOD;

  /** The outcome: distinct keys, mints over the whole run and over two refresh periods (steady state). */
  record Result(int distinctKeys, long calls, long mints, long steadyMints, int steadySeconds) {
    double steadyMintsPerSecond() {
      return (double) steadyMints / steadySeconds;
    }
  }

  private TokenSimulation() {}

  static Result run() throws PolicyValidationException, TokenUnavailableException {
    GeneratedPolicy policy = GeneratedPolicy.of(DecisionBenchmark.WORKLOADS, DecisionBenchmark.TENANTS);
    CompiledPolicy compiled = PolicyLoader.parse(policy.yaml(), "generated-50x200.yaml");
    List<TokenRequest> requests = new ArrayList<>();
    Set<Object> keys = new HashSet<>();
    VirtualClock clock = new VirtualClock();
    QdrantJwtMinter minter = QdrantJwtMinter.builder(SecretSource.of(TokenBenchmark.API_KEY)).clock(clock).build();
    for (GeneratedPolicy.Request request : policy.requests(50_000, 99)) {
      VectorCall call = request.call();
      Decision decision = compiled.decide(request.identity(), call);
      if (decision.allowed()) {
        TokenRequest tokenRequest = new TokenRequest(call.backend(), request.identity(), call.scope(),
            call.collections(), call.access(), call.database());
        requests.add(tokenRequest);
        keys.add(minter.cacheKey(tokenRequest));
      }
    }
    long[] mints = new long[1];
    KeyedTokenSource counting = new KeyedTokenSource() {
      @Override
      public Object cacheKey(TokenRequest request) {
        return minter.cacheKey(request);
      }

      @Override
      public Credential credential(TokenRequest request) throws TokenUnavailableException {
        mints[0]++;
        return minter.credential(request);
      }
    };
    CachingTokenSource cache = CachingTokenSource.builder(counting).clock(clock).executor(Runnable::run).build();
    long calls = 0;
    long mintsAtSteadyStart = 0;
    long mintsAtSteadyEnd = 0;
    int n = requests.size();
    for (int second = 0; second < SECONDS; second++) {
      if (second == STEADY_FROM) {
        mintsAtSteadyStart = mints[0];
      }
      if (second == STEADY_UNTIL) {
        mintsAtSteadyEnd = mints[0];
      }
      for (int i = 0; i < CALLS_PER_SECOND; i++) {
        clock.millis = second * 1000L + i / (CALLS_PER_SECOND / 1000);
        cache.credential(requests.get((int) (calls++ % n)));
      }
    }
    return new Result(keys.size(), calls, mints[0], mintsAtSteadyEnd - mintsAtSteadyStart, STEADY_UNTIL - STEADY_FROM);
  }

  static List<Figure> figures(Result result) {
    String s = "5 tokens";
    String how = "virtual clock, " + CALLS_PER_SECOND + " calls/s for " + SECONDS + " s over the decision mix's "
        + result.distinctKeys() + " distinct (workload, collection, level) keys; 5 min tokens refreshed at 75%"
        + " (expected keys / 225 s = " + Figure.format(result.distinctKeys() / (double) REFRESH_PERIOD) + "/s)";
    return List.of(
        Figure.plain(s, "distinct token keys in the call mix", result.distinctKeys(), "keys", how),
        Figure.plain(s, "mints/s at 10k calls/s, steady state", result.steadyMintsPerSecond(), "1/s",
            "mints between second " + STEADY_FROM + " and " + STEADY_UNTIL + " (two refresh periods); " + how),
        Figure.plain(s, "mints/s at 10k calls/s, whole run incl. cold start",
            (double) result.mints() / SECONDS, "1/s", how),
        Figure.plain(s, "calls served from the cache, steady state",
            100.0 * (1 - result.steadyMintsPerSecond() / CALLS_PER_SECOND), "%", how));
  }

  /** A clock the simulation moves by hand. */
  private static final class VirtualClock extends Clock {
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long millis;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return START + millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }
}
