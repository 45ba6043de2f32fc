package dev.vectorguard.audit;

import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The audit trail as the facade writes it: required mode, capture levels, no secrets. */
class GuardAuditTest {
  private static final String SECRET = "qdrant-api-key-s3cr3t";
  private final TestClock clock = new TestClock();
  private final InMemoryAuditSink audit = new InMemoryAuditSink();

  private VectorGuard.Builder guard(AuditSink sink) {
    return VectorGuard.builder(new AllowAll()).workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, SECRET, null, null))
        .auditSink(sink).clock(clock);
  }

  @Test
  void requiredModeRefusesACallWhoseStartedEventCannotBeWritten() {
    AuditSink broken = event -> {
      throw new IOException("disk full");
    };
    VectorGuard guard = guard(CompositeAuditSink.of(audit, broken)).auditMode(AuditMode.REQUIRED).build();

    assertThatThrownBy(() -> guard.begin(AllowAll.search(), null))
        .isInstanceOfSatisfying(GuardFailureException.class,
            e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.AUDIT))
        .hasMessage("Vectorguard refused qdrant search on [docs]: its call.started audit event could not be written "
            + "and audit is required");
    audit.assertThat().hasStarted(1).hasRefused(1).has(AuditEvent.CALL_REFUSED, "failure", "audit");
    assertThat(guard.auditFailures()).isEqualTo(2);
  }

  @Test
  void bestEffortModeLetsTheCallThrough() {
    AuditSink broken = event -> {
      throw new IOException("disk full");
    };
    VectorGuard guard = guard(broken).auditMode(AuditMode.BEST_EFFORT).build();
    GuardedCall call = guard.begin(AllowAll.search(), null);
    call.complete(CallOutcome.ok("200").build());
    assertThat(guard.auditFailures()).isEqualTo(2);
  }

  @Test
  void aFullQueueUnderFailCallRefusesTheCallInRequiredMode() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AuditSink slow = event -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      audit.write(event);
    };
    AsyncAuditSink async = AsyncAuditSink.builder(slow).capacity(1).overflow(AsyncAuditSink.Overflow.FAIL_CALL).build();
    VectorGuard guard = guard(async).build();
    guard.begin(AllowAll.search(), null);
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    guard.begin(AllowAll.search(), null);

    assertThatThrownBy(() -> guard.begin(AllowAll.search(), null))
        .isInstanceOfSatisfying(GuardFailureException.class,
            e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.AUDIT));
    release.countDown();
    guard.close();
    audit.assertThat().hasStarted(2);
    assertThat(async.rejected()).isEqualTo(2); // the refused call's started and refused events
  }

  @Test
  void metadataLevelRecordsWhoWhatAndHowButNoQueryAndNoSecret() {
    VectorGuard guard = guard(audit).build();
    GuardedCall call = guard.begin(AllowAll.search(), Actor.builder().user("alice").tenant("acme").build());
    call.captureRequest("{\"vector\":[0.1,0.2],\"filter\":{\"must\":[{\"key\":\"tenant\",\"match\":{\"value\":\"acme\"}}]}}");
    call.captureResponse("{\"result\":[]}");
    call.complete(CallOutcome.ok("200").resultCount(0).build());

    audit.assertThat().hasStarted(1).hasCompleted(1).everyStartedCompleted()
        .has(AuditEvent.CALL_STARTED, "decision.effect", "allow")
        .has(AuditEvent.CALL_STARTED, "credential.kind", "static")
        .has(AuditEvent.CALL_STARTED, "actor.user", "alice")
        .has(AuditEvent.CALL_COMPLETED, "outcome.status", "ok")
        .neverContains(SECRET).neverContains("acme\"}}");
    AuditEvent completed = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(completed.data()).doesNotContainKeys("query", "request", "response");
    assertThat(completed.timestamp()).isEqualTo(clock.instant());
    assertThat(audit.last(AuditEvent.CALL_STARTED).get("facts.filter_fields")).isNull();
  }

  @Test
  void queryLevelRecordsTheNormalisedQueryButNeverVectorsOrPayloads() {
    VectorGuard guard = guard(audit).captureLevel(CaptureLevel.QUERY).build();
    assertThat(guard.captureLevel()).isEqualTo(CaptureLevel.QUERY);
    GuardedCall call = guard.begin(AllowAll.search(), null);
    call.captureRequest("{\"vector\":[0.12,0.5,0.77],\"filter\":{\"must\":[{\"key\":\"tenant\","
        + "\"match\":{\"value\":\"acme\"}}]},\"limit\":10,\"with_payload\":[\"title\"],\"payload\":{\"ssn\":\"123\"}}");
    call.captureResponse("{\"result\":[{\"payload\":{\"title\":\"t\"}}]}");
    call.complete(CallOutcome.ok("200").build());

    AuditEvent completed = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(completed.get("query")).isEqualTo(Map.of(
        "filter", Map.of("must", java.util.List.of(Map.of("key", "tenant", "match", Map.of("value", "acme")))),
        "limit", 10, "with_payload", java.util.List.of("title")));
    assertThat(completed.data()).doesNotContainKeys("request", "response");
    audit.assertThat().neverContains("0.12").neverContains("ssn").neverContains(SECRET);
    assertThat(audit.last(AuditEvent.CALL_STARTED).get("facts.filter_fields")).isEqualTo(java.util.List.of("tenant"));
  }

  @Test
  void fullLevelRecordsBodiesWithoutVectorsOrCredentialsAndCutsLargeOnes() {
    VectorGuard guard = guard(audit).captureLevel(CaptureLevel.FULL).captureLimit(300).build();
    GuardedCall call = guard.begin(AllowAll.search(), null);
    call.captureRequest("{\"vector\":[0.12,0.5,0.77],\"api_key\":\"" + SECRET + "\",\"limit\":3}");
    call.captureResponse("{\"result\":[{\"id\":1,\"payload\":{\"email\":\"[redacted]\"},\"vector\":[0.9,0.8]}]}");
    call.complete(CallOutcome.ok("200").resultCount(1).build());

    AuditEvent completed = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(completed.get("request")).isEqualTo(Map.of("vector", "<vector dims=3>", "api_key", "<redacted>",
        "limit", 3));
    assertThat(completed.get("response")).isEqualTo(Map.of("result", java.util.List.of(Map.of("id", 1,
        "payload", Map.of("email", "[redacted]"), "vector", "<vector dims=2>"))));
    audit.assertThat().neverContains(SECRET).neverContains("0.12").neverContains("0.9");

    GuardedCall big = guard.begin(AllowAll.search(), null);
    big.captureResponse("{\"result\":\"" + "x".repeat(1000) + "\"}");
    big.complete(CallOutcome.ok("200").build());
    AuditEvent cut = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(cut.get("response.truncated")).isEqualTo(true);
    assertThat(cut.get("response.bytes")).isEqualTo(1013);
    assertThat((String) cut.get("response.head")).hasSize(300).startsWith("{\"result\":\"xxx");
  }

  @Test
  void fullLevelRedactsEveryCredentialLikeField() {
    VectorGuard guard = guard(audit).captureLevel(CaptureLevel.FULL).build();
    GuardedCall call = guard.begin(AllowAll.search(), null);
    // Milvus REST update_password, its gRPC UpdateCredentialRequest as JSON, and other spellings.
    call.captureRequest("{\"userName\":\"bob\",\"password\":\"old-pw-1\",\"newPassword\":\"new-pw-2\","
        + "\"oldPassword\":\"b2xkLXB3\",\"new_password\":\"new-pw-3\",\"secret_key\":\"sk-4\","
        + "\"refreshToken\":\"rt-5\",\"Authorization\":\"Bearer ab-6\",\"x-api-key\":\"ak-7\","
        + "\"credentials\":{\"user\":\"bob\",\"pass\":\"pw-8\"}}");
    call.complete(CallOutcome.ok("200").build());

    AuditEvent completed = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(completed.get("request.userName")).isEqualTo("bob");
    assertThat(completed.get("request.newPassword")).isEqualTo("<redacted>");
    assertThat(completed.get("request.credentials")).isEqualTo("<redacted>");
    audit.assertThat().neverContains("old-pw-1").neverContains("new-pw-2").neverContains("b2xkLXB3")
        .neverContains("new-pw-3").neverContains("sk-4").neverContains("rt-5").neverContains("ab-6")
        .neverContains("ak-7").neverContains("pw-8");
  }

  @Test
  void longIntegerArraysAndSparseVectorsAreVectorsToo() {
    VectorGuard guard = guard(audit).captureLevel(CaptureLevel.FULL).build();
    GuardedCall call = guard.begin(AllowAll.search(), null);
    call.captureRequest("{\"query\":{\"indices\":[17,4021],\"values\":[1,2]},\"binary\":[" + "1,".repeat(31)
        + "1],\"filter\":{\"must\":[{\"key\":\"year\",\"match\":{\"any\":[2020,2021]}}]}}");
    call.complete(CallOutcome.ok("200").build());
    AuditEvent completed = audit.last(AuditEvent.CALL_COMPLETED);
    assertThat(completed.get("request.query")).isEqualTo(Map.of("indices", "<vector dims=2>", "values", "<vector dims=2>"));
    assertThat(completed.get("request.binary")).isEqualTo("<vector dims=32>");
    assertThat(completed.get("request.filter")).isEqualTo(Map.of("must", java.util.List.of(Map.of("key", "year",
        "match", Map.of("any", java.util.List.of(2020, 2021))))));
  }

  @Test
  void unparseableBodiesAreNotRecordedVerbatim() {
    VectorGuard guard = guard(audit).captureLevel(CaptureLevel.FULL).build();
    GuardedCall call = guard.begin(AllowAll.search(), null);
    call.captureRequest("{not json " + SECRET);
    call.complete(CallOutcome.ok("200").build());
    assertThat(audit.last(AuditEvent.CALL_COMPLETED).get("request")).isEqualTo(Map.of("unparseable", true, "bytes", 31));
    audit.assertThat().neverContains(SECRET);
  }

  @Test
  void aCallWhoseWorkloadCannotBeEstablishedIsRefusedAndAudited() {
    VectorGuard guard = VectorGuard.builder(new AllowAll())
        .workload(() -> {
          throw new IllegalStateException("token file /var/run/secrets/token is missing");
        })
        .auditSink(audit).clock(clock).build();
    assertThatThrownBy(() -> guard.begin(AllowAll.search(), Actor.builder().user("alice").build()))
        .isInstanceOfSatisfying(GuardFailureException.class,
            e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.IDENTITY));
    audit.assertThat().hasRefused(1).hasStarted(0)
        .has(AuditEvent.CALL_REFUSED, "failure", "identity")
        .has(AuditEvent.CALL_REFUSED, "actor.user", "alice")
        .has(AuditEvent.CALL_REFUSED, "call.endpoint", "POST /collections/docs/points/search");
  }

  @Test
  void captureLimitIsChecked() {
    assertThatThrownBy(() -> guard(audit).captureLimit(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("captureLimit must be between 256 and 4194304 bytes, but was 10");
  }
}
