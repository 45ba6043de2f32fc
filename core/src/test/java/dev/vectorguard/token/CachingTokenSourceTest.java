package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.AccessLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenSourceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = new TestClock(T0);
  private final ManualExecutor executor = new ManualExecutor();
  private final Scripted delegate = new Scripted();

  private CachingTokenSource cache() {
    return CachingTokenSource.builder(delegate)
        .clock(clock)
        .executor(executor)
        .skew(Duration.ofSeconds(30))
        .refreshAt(0.75)
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(60))
        .random(() -> 1.0)
        .build();
  }

  private static Credential token(String secret, Instant expiresAt) {
    return Credential.of(CredentialKind.OAUTH2, secret, expiresAt, "jti-" + Integer.toHexString(secret.hashCode()));
  }

  @Test
  void servesTheCachedCredentialUntilItIsDueForRefresh() throws Exception {
    delegate.add(token("first-token", T0.plusSeconds(430)));
    CachingTokenSource tokens = cache();

    Credential a = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    clock.advance(Duration.ofSeconds(299));
    Credential b = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(b).isSameAs(a);
    assertThat(delegate.calls.get()).isEqualTo(1);
    assertThat(executor.tasks).isEmpty();
  }

  @Test
  void refreshesAheadOfExpiryOffTheRequestPathOnceWhileServingTheCurrentToken() throws Exception {
    // Usable for 400 s (430 s minus 30 s skew): refresh is due after 300 s.
    delegate.add(token("first-token", T0.plusSeconds(430)));
    delegate.add(token("second-token", T0.plusSeconds(900)));
    CachingTokenSource tokens = cache();
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    clock.advance(Duration.ofSeconds(300));
    Credential during1 = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    Credential during2 = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(during1.secret()).isEqualTo("first-token");
    assertThat(during2.secret()).isEqualTo("first-token");
    assertThat(executor.tasks).hasSize(1);
    assertThat(delegate.calls.get()).isEqualTo(1);

    executor.runAll();
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("second-token");
    assertThat(delegate.calls.get()).isEqualTo(2);
  }

  @Test
  void aFailedRefreshKeepsTheValidTokenAndBacksOffBeforeTryingAgain() throws Exception {
    delegate.add(token("first-token", T0.plusSeconds(430)));
    delegate.fail(new TokenUnavailableException("token endpoint http://idp/token answered HTTP 503"));
    delegate.add(token("second-token", T0.plusSeconds(1000)));
    CachingTokenSource tokens = cache();
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    clock.advance(Duration.ofSeconds(300));
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    executor.runAll();                           // fails: backoff 2 s (jitter 1.0 → full)
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("first-token");
    assertThat(executor.tasks).isEmpty();

    clock.advance(Duration.ofMillis(1999));
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    assertThat(executor.tasks).as("still backing off").isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("first-token");
    assertThat(executor.tasks).hasSize(1);
    executor.runAll();
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("second-token");
    assertThat(delegate.calls.get()).isEqualTo(3);
  }

  @Test
  void backoffDoublesWithJitterUpToTheMaximum() throws Exception {
    CachingTokenSource tokens = CachingTokenSource.builder(delegate).clock(clock).executor(executor)
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(5)).random(() -> 0.0).build();
    for (int i = 0; i < 4; i++) {
      delegate.fail(new TokenUnavailableException("down " + i));
    }
    List<String> nextAttempts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try {
        tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
      } catch (TokenUnavailableException e) {
        String message = e.getMessage();
        nextAttempts.add(message.substring(message.indexOf("next attempt after ") + 19, message.indexOf(';', message.indexOf("next attempt"))));
      }
      clock.advance(Duration.ofSeconds(10));
    }
    // jitter 0 → half of 2 s, 4 s, 5 s (capped), 5 s
    assertThat(nextAttempts).containsExactly(
        "2026-01-01T00:00:01Z", "2026-01-01T00:00:12Z", "2026-01-01T00:00:22.500Z", "2026-01-01T00:00:32.500Z");
  }

  @Test
  void anExpiredTokenWithNoReplacementFailsWithAClearMessage() throws Exception {
    delegate.add(token("first-token", T0.plusSeconds(430)));
    delegate.fail(new TokenUnavailableException("token endpoint http://idp/token answered HTTP 503"));
    CachingTokenSource tokens = cache();
    Credential first = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));

    clock.advance(Duration.ofSeconds(400));      // exp minus skew
    assertThatThrownBy(() -> tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("no valid credential for qdrant read on collections [docs]: the cached credential ("
            + first + ") expired (skew tolerance PT30S) and no replacement could be fetched; fetching failed 1 time,"
            + " next attempt after 2026-01-01T00:06:42Z; last error: token endpoint http://idp/token answered HTTP 503")
        .hasMessageNotContaining("first-token");
    // Within the backoff, callers fail fast without calling the source again.
    assertThatThrownBy(() -> tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class);
    assertThat(delegate.calls.get()).isEqualTo(2);
  }

  @Test
  void aCredentialThatExpiresWithinTheSkewIsRefused() throws Exception {
    delegate.add(token("short-lived", T0.plusSeconds(20)));
    CachingTokenSource tokens = cache();

    assertThatThrownBy(() -> tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("the token source returned a credential (Credential{oauth2, fp:")
        .hasMessageContaining("that expires within the skew tolerance of PT30S")
        .hasMessageNotContaining("short-lived");
  }

  @Test
  void aRuntimeFailureOfTheSourceIsReportedWithoutItsMessage() {
    delegate.failUnchecked(new IllegalStateException("secret=hunter2"));
    CachingTokenSource tokens = cache();

    assertThatThrownBy(() -> tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("last error: the token source failed with java.lang.IllegalStateException")
        .hasMessageNotContaining("hunter2")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyedSourcesGetOneCredentialPerKey() throws Exception {
    QdrantJwtMinter minter = QdrantJwtMinter.builder(SecretSource.of("k".repeat(32))).clock(clock).build();
    CachingTokenSource tokens = CachingTokenSource.builder(minter).clock(clock).executor(executor).build();

    Credential docsRead = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    Credential docsReadAgain = tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    Credential docsWrite = tokens.credential(Requests.qdrant(AccessLevel.WRITE, "docs"));
    Credential kbRead = tokens.credential(Requests.qdrant(AccessLevel.READ, "kb"));

    assertThat(docsReadAgain).isSameAs(docsRead);
    assertThat(docsWrite.secret()).isNotEqualTo(docsRead.secret());
    assertThat(kbRead.secret()).isNotEqualTo(docsRead.secret());
  }

  @Test
  void credentialsWithoutExpiryAreNeverRefreshed() throws Exception {
    delegate.add(Credential.of(CredentialKind.STATIC, "static-key", null, null));
    CachingTokenSource tokens = cache();
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    clock.advance(Duration.ofDays(365));

    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("static-key");
    assertThat(executor.tasks).isEmpty();
  }

  @Test
  void aRejectedRefreshTaskIsRetriedOnALaterCall() throws Exception {
    delegate.add(token("first-token", T0.plusSeconds(430)));
    delegate.add(token("second-token", T0.plusSeconds(900)));
    AtomicInteger rejected = new AtomicInteger();
    CachingTokenSource tokens = CachingTokenSource.builder(delegate).clock(clock)
        .executor(task -> {
          if (rejected.getAndIncrement() == 0) {
            throw new java.util.concurrent.RejectedExecutionException("full");
          }
          executor.execute(task);
        }).build();
    tokens.credential(Requests.qdrant(AccessLevel.READ, "docs"));
    clock.advance(Duration.ofSeconds(350));

    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("first-token");
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("first-token");
    executor.runAll();
    assertThat(tokens.credential(Requests.qdrant(AccessLevel.READ, "docs")).secret()).isEqualTo("second-token");
  }

  @Test
  void builderRejectsBadSettingsWithTheValue() {
    CachingTokenSource.Builder builder = CachingTokenSource.builder(delegate);
    assertThatThrownBy(() -> builder.skew(Duration.ofSeconds(-1)))
        .hasMessage("skew must not be negative, but was PT-1S");
    assertThatThrownBy(() -> builder.refreshAt(1.0))
        .hasMessage("refreshAt must be between 0 and 1 (exclusive), but was 1.0");
    assertThatThrownBy(() -> builder.backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("minimum backoff must be positive, but was PT0S");
    assertThatThrownBy(() -> builder.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("maximum backoff must be at least the minimum PT2S, but was PT1S");
    assertThatThrownBy(() -> builder.maximumSize(0))
        .hasMessage("maximumSize must be positive, but was 0");
  }

  /** Runs submitted tasks only when the test says so. */
  static final class ManualExecutor implements Executor {
    final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = poll()) != null) {
        task.run();
      }
    }

    private synchronized Runnable poll() {
      return tasks.poll();
    }
  }

  /** A source that answers from a script, counting calls. */
  static final class Scripted implements TokenSource {
    private final Deque<Object> script = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();

    void add(Credential credential) {
      script.add(credential);
    }

    void fail(TokenUnavailableException failure) {
      script.add(failure);
    }

    void failUnchecked(RuntimeException failure) {
      script.add(failure);
    }

    @Override
    public synchronized Credential credential(TokenRequest request) throws TokenUnavailableException {
      calls.incrementAndGet();
      Object next = script.poll();
      if (next instanceof TokenUnavailableException e) {
        throw e;
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      if (next == null) {
        throw new AssertionError("unexpected call to the source");
      }
      return (Credential) next;
    }
  }
}
