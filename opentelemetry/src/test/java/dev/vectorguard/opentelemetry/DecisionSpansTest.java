package dev.vectorguard.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.catchThrowableOfType;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.token.TokenUnavailableException;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions no adapter test reaches (monitor mode, approvals, a guard that cannot decide) and
 * the namespace, made straight through the guard: what an adapter adds is tested beside it.
 */
class DecisionSpansTest {
  private final Telemetry telemetry = new Telemetry();

  DecisionSpansTest() throws Exception {}

  @AfterEach
  void close() {
    telemetry.close();
  }

  private VectorGuard guard(String policy, UnaryOperator<VectorGuard.Builder> configure) throws Exception {
    return configure.apply(VectorGuard.builder(PolicyLoader.parse(policy, "decisions.yaml"))
        .workload(Workload.configured(Telemetry.WORKLOAD))
        .listener(VectorGuardTelemetry.create(telemetry.sdk).callListener())).build();
  }

  private static VectorCall milvusSearch(String database, String collection) {
    return VectorCall.builder(Backend.MILVUS, Operation.SEARCH).database(database).collection(collection)
        .endpoint("POST /v2/vectordb/entities/search").build();
  }

  @Test
  void aDenialInMonitorModeIsRecordedButNotAnError() throws Exception {
    VectorGuard guard = guard("""
        version: 1
        mode: monitor
        rules: [ { id: no-docs, collections: [docs], effect: deny } ]
        """, b -> b);

    guard.begin(milvusSearch("sales", "docs"), null).complete(CallOutcome.ok("Success").build());

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasName("search docs")
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(stringKey("db.system.name"), "milvus"),
            equalTo(stringKey("db.namespace"), "sales"),
            equalTo(stringKey("vectorguard.decision"), "deny"),
            equalTo(stringArrayKey("vectorguard.rules"), java.util.List.of("no-docs")),
            equalTo(booleanKey("vectorguard.enforced"), false));
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void aCallWaitingForApprovalNamesTheApprovalRequest() throws Exception {
    VectorGuard guard = guard("""
        version: 1
        rules:
          - { id: deletes-need-approval, collections: [docs], operations: [delete], effect: approve,
              approval: { approvers: ["group:dba"], ttl: 15m } }
        """, b -> b.approvals(request -> ApprovalStatus.pending("apr_7", "waiting for group:dba")));

    catchThrowableOfType(CallRefusedException.class, () -> guard.begin(VectorCall.builder(Backend.QDRANT,
        Operation.DELETE).collection("docs").endpoint("POST /collections/{c}/points/delete").build(), null));

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasAttributesSatisfying(
        equalTo(stringKey("vectorguard.decision"), "approve"),
        equalTo(stringKey("vectorguard.approval_id"), "apr_7"),
        equalTo(stringKey("error.type"), "vectorguard.refused"));
    assertThat(span.getEvents().get(0).getAttributes().get(stringKey("vectorguard.approval_id"))).isEqualTo("apr_7");
  }

  @Test
  void aGuardThatCannotDecideNamesTheCauseAndNeverTheSecret() throws Exception {
    VectorGuard guard = guard("""
        version: 1
        rules: [ { id: reads, collections: [docs], actions: [read], effect: allow } ]
        """, b -> b.tokenSource(request -> {
          throw new TokenUnavailableException("issuer unreachable");
        }));

    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(milvusSearch("sales", "docs"), null));

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
            failure.getMessage()))
        .hasAttributesSatisfying(
            equalTo(stringKey("error.type"), "vectorguard.token"),
            equalTo(stringKey("vectorguard.failure"), "token"));
    assertThat(span.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("vectorguard.refused");
      assertThat(event.getAttributes().get(stringKey("vectorguard.reason")))
          .isEqualTo("Vectorguard refused milvus search on [docs]: no valid credential: issuer unreachable");
    });
  }

  @Test
  void aCallThatIsNeverCompletedLeavesNoSpanAndOneCompletedTwiceEndsOnce() throws Exception {
    VectorGuard guard = guard("""
        version: 1
        rules: [ { id: reads, collections: [docs], actions: [read], effect: allow } ]
        """, b -> b);

    GuardedCall open = guard.begin(milvusSearch("sales", "docs"), null);
    assertThat(telemetry.spans.getFinishedSpanItems()).isEmpty();
    open.complete(CallOutcome.error("io_error", "connection reset").build());
    open.complete(CallOutcome.ok("Success").build());

    assertThat(telemetry.onlyGuardSpan()).hasAttributesSatisfying(equalTo(stringKey("error.type"), "io_error"));
    assertThat(telemetry.durations()).singleElement().satisfies(point -> assertThat(point.getCount()).isEqualTo(1));
  }
}
