package dev.vectorguard.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Serves credentials from a cache in front of a slower source (a token endpoint, a minter), and
 * refreshes them ahead of expiry off the request path.
 *
 * <ul>
 *   <li>One credential per backend and key ({@link KeyedTokenSource#cacheKey}, or one per backend).
 *   <li>A request its source calls not {@link KeyedTokenSource#cacheable cacheable} is fetched for
 *       that call alone, on the caller's thread, and nothing is kept: its credential is never
 *       served to another call.
 *   <li>A missing or expired credential is fetched on the caller's thread, one fetch per key at a
 *       time: concurrent callers wait for that fetch instead of starting their own.
 *   <li>Past {@code refreshAt} of its lifetime (default 0.75), a credential is refreshed on the
 *       {@link Builder#executor executor}, at most one refresh per key, while callers keep getting
 *       the current credential.
 *   <li>A failed fetch backs off exponentially with jitter; the still-valid credential is served
 *       meanwhile. A credential is treated as expired {@code skew} before its {@code exp} (the
 *       database's clock may run ahead); an expired credential with no replacement fails the call
 *       with a {@link TokenUnavailableException} that says why.
 * </ul>
 *
 * <p>A hit costs a key lookup and a clock read: no JSON, no crypto. Thread-safe.
 *
 * <pre>{@code
 * TokenSource tokens = CachingTokenSource.builder(minter).executor(refreshPool).build();
 * }</pre>
 */
public final class CachingTokenSource implements TokenSource {
  private static final System.Logger LOG = System.getLogger(CachingTokenSource.class.getName());
  private static final Object SINGLE_KEY = new Object();

  private final TokenSource delegate;
  private final @Nullable KeyedTokenSource keyed;
  private final Function<TokenRequest, Object> keys;
  private final Clock clock;
  private final Executor executor;
  private final long skewMillis;
  private final double refreshAt;
  private final long minBackoffMillis;
  private final long maxBackoffMillis;
  private final DoubleSupplier random;
  private final Cache<Object, CacheEntry> cache;

  private CachingTokenSource(Builder builder) {
    this.delegate = builder.delegate;
    this.keyed = delegate instanceof KeyedTokenSource source ? source : null;
    this.keys = builder.keys != null ? builder.keys
        : delegate instanceof KeyedTokenSource keyed ? keyed::cacheKey : request -> SINGLE_KEY;
    this.clock = builder.clock;
    this.executor = builder.executor;
    this.skewMillis = builder.skew.toMillis();
    this.refreshAt = builder.refreshAt;
    this.minBackoffMillis = builder.minBackoff.toMillis();
    this.maxBackoffMillis = builder.maxBackoff.toMillis();
    this.random = builder.random;
    this.cache = Caffeine.newBuilder().maximumSize(builder.maximumSize).executor(Runnable::run).build();
  }

  /** A builder for a cache in front of {@code delegate}. */
  public static Builder builder(TokenSource delegate) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"));
  }

  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    if (keyed != null && !keyed.cacheable(request)) {
      return fetchOnce(request);
    }
    // The backend is always part of the key: a credential made for one database is never
    // served to another, whatever the delegate's key says.
    Object key = new BackendKey(request.backend(), keys.apply(request));
    CacheEntry entry = cache.getIfPresent(key);
    if (entry != null && entry.credential != null) {
      long now = clock.millis();
      if (now < entry.usableUntil) {
        if (now >= entry.refreshAt && now >= entry.nextAttemptAt) {
          refreshInBackground(key, entry);
        }
        return entry.credential;
      }
    }
    return fetchNow(key, request);
  }

  /** A credential for this call alone: no cache, no backoff, no refresh. */
  private Credential fetchOnce(TokenRequest request) throws TokenUnavailableException {
    Credential fresh;
    try {
      fresh = Objects.requireNonNull(delegate.credential(request), "the token source returned null");
    } catch (TokenUnavailableException e) {
      throw new TokenUnavailableException("no valid credential for " + describe(request) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A third-party message might quote a secret: name the failure, keep the exception as cause.
      throw new TokenUnavailableException("no valid credential for " + describe(request)
          + ": the token source failed with " + e.getClass().getName(), e);
    }
    Instant exp = fresh.expiresAt();
    if (exp != null && exp.toEpochMilli() - skewMillis <= clock.millis()) {
      throw new TokenUnavailableException("no valid credential for " + describe(request) + ": the token source"
          + " returned a credential (" + fresh + ") that expires within the skew tolerance of "
          + Duration.ofMillis(skewMillis));
    }
    return fresh;
  }

  /** Drops every cached credential; the next call for each key fetches anew. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private Credential fetchNow(Object key, TokenRequest request) throws TokenUnavailableException {
    // compute() runs one remapping per key at a time: concurrent callers wait for this fetch.
    CacheEntry entry = cache.asMap().compute(key, (k, old) -> {
      long now = clock.millis();
      if (old != null && old.credential != null && now < old.usableUntil) {
        return old;
      }
      if (old != null && now < old.nextAttemptAt) {
        return old;
      }
      return fetch(request, old, now);
    });
    long now = clock.millis();
    if (entry.credential != null && now < entry.usableUntil) {
      return entry.credential;
    }
    throw unavailable(request, entry);
  }

  private void refreshInBackground(Object key, CacheEntry entry) {
    if (!entry.refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> {
        CacheEntry next = fetch(entry.request, entry, clock.millis());
        cache.asMap().replace(key, entry, next);
      });
    } catch (RejectedExecutionException e) {
      entry.refreshing.set(false);
      LOG.log(Level.WARNING, "token refresh for " + describe(entry.request)
          + " was rejected by the executor; will retry on a later call");
    }
  }

  /** Fetches from the delegate; never throws: a failure is an entry that remembers it. */
  private CacheEntry fetch(TokenRequest request, @Nullable CacheEntry old, long now) {
    String error;
    Throwable cause;
    try {
      Credential fresh = Objects.requireNonNull(delegate.credential(request), "the token source returned null");
      Instant exp = fresh.expiresAt();
      long usableUntil = exp == null ? Long.MAX_VALUE : exp.toEpochMilli() - skewMillis;
      if (usableUntil > now) {
        long refresh = exp == null ? Long.MAX_VALUE : now + (long) ((usableUntil - now) * refreshAt);
        return new CacheEntry(request, fresh, usableUntil, refresh, 0, 0, null, null);
      }
      error = "the token source returned a credential (" + fresh + ") that expires within the skew tolerance of "
          + Duration.ofMillis(skewMillis);
      cause = null;
    } catch (TokenUnavailableException e) {
      error = e.getMessage();
      cause = e;
    } catch (RuntimeException e) {
      // A third-party message might quote a secret: name the failure, keep the exception as cause.
      error = "the token source failed with " + e.getClass().getName();
      cause = e;
    }
    int failures = old == null ? 1 : old.failures + 1;
    long nextAttempt = now + backoffMillis(failures);
    LOG.log(Level.WARNING, "could not fetch a credential for " + describe(request) + " (failure " + failures
        + ", next attempt after " + Instant.ofEpochMilli(nextAttempt) + "): " + error);
    Credential keep = old == null ? null : old.credential;
    // The next background refresh may start once the backoff has passed.
    return new CacheEntry(request, keep, old == null ? 0 : old.usableUntil, nextAttempt, failures, nextAttempt,
        error, cause);
  }

  /** Exponential backoff from the minimum, capped, with "equal jitter": half fixed, half random. */
  private long backoffMillis(int failures) {
    long exponential = minBackoffMillis << Math.min(failures - 1, 30);
    long capped = exponential <= 0 || exponential > maxBackoffMillis ? maxBackoffMillis : exponential;
    double jitter = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return capped / 2 + (long) (capped / 2.0 * jitter);
  }

  private TokenUnavailableException unavailable(TokenRequest request, CacheEntry entry) {
    StringBuilder message = new StringBuilder("no valid credential for ").append(describe(request)).append(": ");
    if (entry.credential != null) {
      message.append("the cached credential (").append(entry.credential).append(") expired")
          .append(skewMillis > 0 ? " (skew tolerance " + Duration.ofMillis(skewMillis) + ")" : "")
          .append(" and no replacement could be fetched; ");
    }
    message.append("fetching failed ").append(entry.failures).append(entry.failures == 1 ? " time" : " times")
        .append(", next attempt after ").append(Instant.ofEpochMilli(entry.nextAttemptAt))
        .append("; last error: ").append(entry.lastError);
    return entry.lastCause == null
        ? new TokenUnavailableException(message.toString())
        : new TokenUnavailableException(message.toString(), entry.lastCause);
  }

  static String describe(TokenRequest request) {
    StringBuilder out = new StringBuilder(request.backend().name().toLowerCase(java.util.Locale.ROOT))
        .append(' ').append(request.access().id());
    switch (request.scope()) {
      case COLLECTION -> out.append(" on collections ").append(request.collections());
      case DATABASE -> out.append(" on database ").append(request.database());
      case GLOBAL -> out.append(" (global)");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "CachingTokenSource{" + delegate + ", entries=" + cache.estimatedSize() + '}';
  }

  private record BackendKey(dev.vectorguard.Backend backend, Object key) {}

  /** One key's state. Immutable except for the refresh flag; replaced, never changed. */
  private static final class CacheEntry {
    final TokenRequest request;
    final @Nullable Credential credential;
    final long usableUntil;
    final long refreshAt;
    final int failures;
    final long nextAttemptAt;
    final @Nullable String lastError;
    final @Nullable Throwable lastCause;
    final AtomicBoolean refreshing = new AtomicBoolean();

    CacheEntry(TokenRequest request, @Nullable Credential credential, long usableUntil, long refreshAt,
        int failures, long nextAttemptAt, @Nullable String lastError, @Nullable Throwable lastCause) {
      this.request = request;
      this.credential = credential;
      this.usableUntil = usableUntil;
      this.refreshAt = refreshAt;
      this.failures = failures;
      this.nextAttemptAt = nextAttemptAt;
      this.lastError = lastError;
      this.lastCause = lastCause;
    }
  }

  /** Configures a {@link CachingTokenSource}; not thread-safe. Each setter validates at once. */
  public static final class Builder {
    private final TokenSource delegate;
    private @Nullable Function<TokenRequest, Object> keys;
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();
    private Duration skew = Duration.ofSeconds(30);
    private double refreshAt = 0.75;
    private Duration minBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(2);
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private long maximumSize = 10_000;

    private Builder(TokenSource delegate) {
      this.delegate = delegate;
    }

    /**
     * How to key the cache within one backend; by default the delegate's {@link KeyedTokenSource#cacheKey},
     * else one key. The request's backend is always added to the key.
     */
    public Builder keyedBy(Function<TokenRequest, Object> keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where background refreshes run (default: the common pool). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** How long before its {@code exp} a credential counts as expired (default 30 s). */
    public Builder skew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative()) {
        throw new IllegalArgumentException("skew must not be negative, but was " + skew);
      }
      this.skew = skew;
      return this;
    }

    /** The fraction of its usable lifetime after which a credential is refreshed (default 0.75). */
    public Builder refreshAt(double fraction) {
      if (!(fraction > 0.0 && fraction < 1.0)) {
        throw new IllegalArgumentException("refreshAt must be between 0 and 1 (exclusive), but was " + fraction);
      }
      this.refreshAt = fraction;
      return this;
    }

    /** Backoff after failed fetches: from {@code min}, doubling, at most {@code max} (defaults 1 s, 2 min). */
    public Builder backoff(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || min.isZero()) {
        throw new IllegalArgumentException("minimum backoff must be positive, but was " + min);
      }
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("maximum backoff must be at least the minimum " + min + ", but was " + max);
      }
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /** The jitter source, values in [0, 1]; inject a fixed one in tests. */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How many keys to keep (default 10 000); the least recently used go first. */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be positive, but was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    public CachingTokenSource build() {
      return new CachingTokenSource(this);
    }
  }
}
