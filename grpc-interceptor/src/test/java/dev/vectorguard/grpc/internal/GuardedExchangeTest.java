package dev.vectorguard.grpc.internal;

import dev.vectorguard.grpc.GuardTrailers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.TokenSource;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.GroupsResult;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.QueryGroupsResponse;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GuardedExchangeTest {
  private final InMemoryAuditSink audit = new InMemoryAuditSink();

  private VectorGuard guard(Obligations obligations, PolicyMode mode) {
    Policy policy = new Policy() {
      @Override
      public Decision decide(dev.vectorguard.Identity identity, VectorCall call) {
        return mode == PolicyMode.MONITOR ? Decision.deny(List.of("r"), "no", "v")
            : Decision.allow(obligations, List.of("r"), "yes", "v");
      }

      @Override
      public String version() {
        return "v";
      }

      @Override
      public PolicyMode mode() {
        return mode;
      }
    };
    return VectorGuard.builder(policy).workload(Workload.configured("w")).tokenSource(TokenSource.none())
        .auditSink(audit).build();
  }

  /** A dialect whose masking throws, as a bug or a hostile response would make it. */
  private static final GrpcDialect BROKEN_MASKER = new GrpcDialect() {
    @Override
    public Backend backend() {
      return Backend.QDRANT;
    }

    @Override
    public boolean handles(String fullMethodName) {
      return true;
    }

    @Override
    public VectorCall classify(String m, Message request, Function<String, @Nullable String> headers) {
      return VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs").endpoint(m).build();
    }

    @Override
    public Message rewrite(VectorCall call, Message request, Obligations obligations) {
      return request;
    }

    @Override
    public Masked mask(VectorCall call, Message response, Obligations obligations, @Nullable MaskPlan plan) {
      throw new IllegalStateException("boom");
    }
  };

  @Test
  void aResponseThatCannotBeMaskedIsWithheldAndTheCallCompletedAsAnError() {
    VectorGuard guard = guard(Obligations.builder().stripVectors(true).build(), PolicyMode.ENFORCE);
    GuardedExchange.Proceed proceed = (GuardedExchange.Proceed) GuardedExchange.begin(guard, BROKEN_MASKER,
        "qdrant.Points/Search", SearchPoints.getDefaultInstance(), h -> null, null);

    assertThatThrownBy(() -> proceed.onResponse(GetResponse.getDefaultInstance()))
        .isInstanceOf(GuardFailureException.class)
        .hasMessage("Vectorguard withheld the response of qdrant search on [docs]: the response could not be masked: "
            + "java.lang.IllegalStateException: boom")
        .satisfies(e -> assertThat(((GuardFailureException) e).failure()).isEqualTo(GuardFailureException.Cause.MASK));
    proceed.onClose("CANCELLED", "withheld");

    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.get("outcome.code")).isEqualTo("mask_failed"));
  }

  @Test
  void monitorModeLetsADeniedCallThroughWithoutObligationsAndSaysSo() {
    VectorGuard guard = guard(Obligations.NONE, PolicyMode.MONITOR);

    GuardedExchange.Start start = GuardedExchange.begin(guard, QdrantDialect.INSTANCE, "qdrant.Points/Search",
        SearchPoints.newBuilder().setCollectionName("docs").build(), h -> null, null);

    assertThat(start).isInstanceOf(GuardedExchange.Proceed.class);
    assertThat(((GuardedExchange.Proceed) start).call().enforced()).isFalse();
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).singleElement()
        .satisfies(e -> assertThat(e.get("decision.effect")).isEqualTo("deny"));
  }

  @Test
  void aRequestThatIsNotAMessageIsRefusedAsUnparseable() {
    GuardedExchange.Start start = GuardedExchange.begin(guard(Obligations.NONE, PolicyMode.ENFORCE),
        QdrantDialect.INSTANCE, "qdrant.Points/Search", "not a message", h -> null, null);

    assertThat(start).isInstanceOfSatisfying(GuardedExchange.Refused.class, r -> {
      assertThat(r.code()).isEqualTo("INVALID_ARGUMENT");
      assertThat(r.description()).isEqualTo("Vectorguard refused qdrant.Points/Search: the request is not a protobuf message");
      assertThat(r.trailers()).containsEntry(GuardTrailers.FAILURE, "parse");
    });
  }

  @Test
  void lookupsOfAnotherTenantAreDroppedAndHitsKept() {
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.QUERY).access(AccessLevel.READ)
        .collection("posts").endpoint("qdrant.Points/QueryGroups").build();
    Obligations tenant = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    QueryGroupsResponse response = QueryGroupsResponse.newBuilder().setResult(GroupsResult.newBuilder()
        .addGroups(PointGroup.newBuilder().addHits(ScoredPoint.newBuilder().setScore(1))
            .setLookup(RetrievedPoint.newBuilder().putPayload("tenant", io.qdrant.client.ValueFactory.value("globex"))))
        .addGroups(PointGroup.newBuilder().addHits(ScoredPoint.newBuilder().setScore(0.5f))
            .setLookup(RetrievedPoint.newBuilder().putPayload("tenant", io.qdrant.client.ValueFactory.value("acme")))))
        .build();

    QueryGroupsResponse masked = (QueryGroupsResponse) QdrantDialect.INSTANCE.mask(call, response, tenant, null).message();

    assertThat(masked.getResult().getGroups(0).hasLookup()).isFalse();
    assertThat(masked.getResult().getGroups(0).getHitsCount()).isEqualTo(1);
    assertThat(masked.getResult().getGroups(1).getLookup().getPayloadMap()).containsKey("tenant");
  }
}
