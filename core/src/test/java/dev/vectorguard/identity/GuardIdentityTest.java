package dev.vectorguard.identity;

import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testing.TestClock;
import static dev.vectorguard.identity.JwtWorkloadVerifierTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardContext;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.token.CachingTokenSource;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified identity and tokens wired into the guard, end to end. */
class GuardIdentityTest {
  private static final String API_KEY = "qdrant-api-key-0123456789abcdef0123";

  private final TestClock clock = new TestClock(T0);
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  @TempDir Path dir;

  /** Allows reads by the rag service account; denies everything else. */
  private static final Policy RAG_READS = new Policy() {
    @Override
    public Decision decide(Identity identity, VectorCall call) {
      return "system:serviceaccount:prod:rag".equals(identity.attribute("workload"))
          && identity.workload().verified()
          ? Decision.allow(Obligations.NONE, List.of("rag-reads"), "rag may read", version())
          : Decision.deny(List.of(), "no rule matched", version());
    }

    @Override
    public String version() {
      return "test";
    }

    @Override
    public PolicyMode mode() {
      return PolicyMode.ENFORCE;
    }
  };

  private static VectorCall search(String collection) {
    return VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/search").build();
  }

  @Test
  void aVerifiedWorkloadGetsAQdrantTokenScopedToTheGrantedCollection() throws Exception {
    VerifiedWorkloadTest.keys();
    Path file = dir.resolve("token");
    Files.writeString(file, VerifiedWorkloadTest.token("system:serviceaccount:prod:rag", 3600));
    VectorGuard guard = VectorGuard.builder(RAG_READS)
        .workload(VerifiedWorkload.fromFile(file, VerifiedWorkloadTest.verifier(clock), clock, Duration.ofSeconds(5)))
        .tokenSource(CachingTokenSource.builder(QdrantJwtMinter.builder(SecretSource.of(API_KEY)).clock(clock).build())
            .clock(clock).build())
        .auditSink(audit)
        .clock(clock)
        .build();

    GuardedCall call = guard.begin(search("docs"), null);

    SignedJWT jwt = SignedJWT.parse(call.credential().secret());
    assertThat(jwt.verify(new MACVerifier(API_KEY))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("system:serviceaccount:prod:rag");
    assertThat(jwt.getJWTClaimsSet().getClaim("access")).isEqualTo(List.of(Map.of("collection", "docs", "access", "r")));
    AuditEvent started = audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.get("credential.kind")).isEqualTo("qdrant_jwt");
    assertThat(started.get("credential.jti")).isEqualTo(jwt.getJWTClaimsSet().getJWTID());
    assertThat(started.toString()).doesNotContain(call.credential().secret()).doesNotContain(API_KEY);
  }

  @Test
  void aStaticCredentialIsAuditedAsStatic() throws Exception {
    VectorGuard guard = VectorGuard.builder(RAG_READS)
        .workload(dev.vectorguard.Workload.verified("system:serviceaccount:prod:rag", Map.of()))
        .tokenSource(TokenSources.staticSecret(API_KEY))
        .auditSink(audit)
        .build();

    guard.begin(search("docs"), null);

    AuditEvent started = audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.get("credential.kind")).isEqualTo("static");
    assertThat(started.toString()).doesNotContain(API_KEY);
  }

  @Test
  void anUnverifiableWorkloadRefusesTheCall() throws Exception {
    VerifiedWorkloadTest.keys();
    Path file = dir.resolve("token");
    Files.writeString(file, "not-a-token");
    VectorGuard guard = VectorGuard.builder(RAG_READS)
        .workload(VerifiedWorkload.fromFile(file, VerifiedWorkloadTest.verifier(clock), clock, Duration.ofSeconds(5)))
        .tokenSource(TokenSources.staticSecret(API_KEY))
        .auditSink(audit)
        .build();

    assertThatThrownBy(() -> guard.begin(search("docs"), null))
        .isInstanceOfSatisfying(GuardFailureException.class,
            e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.IDENTITY))
        .hasMessageContaining("the token in " + file + " does not establish a workload: workload token rejected"
            + " (malformed): not a well-formed JWT");
  }

  @Test
  void theActorDoesNotLeakToTheNextTaskOnAPooledThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Actor seenByA = pool.submit(() -> {
        try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().user("alice").tenant("acme").build())) {
          return GuardContext.current();
        }
      }).get(5, TimeUnit.SECONDS);
      Actor seenByB = pool.submit(GuardContext::current).get(5, TimeUnit.SECONDS);

      assertThat(seenByA.tenant()).isEqualTo("acme");
      assertThat(seenByB).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theActorDoesNotLeakWhenTheTaskFails() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<?> failing = pool.submit(() -> {
        try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
          throw new IllegalStateException("boom");
        }
      });
      assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
      assertThat(pool.submit(GuardContext::current).get(5, TimeUnit.SECONDS)).isNull();
    } finally {
      pool.shutdownNow();
    }
  }
}
