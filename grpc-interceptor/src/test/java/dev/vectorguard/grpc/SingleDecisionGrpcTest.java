package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardContext;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.observe.CallListener;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.policy.PolicyRequirement;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.testing.ApprovalStoreSuite;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpdateResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A guarded gRPC call identifies its caller and is decided once (the approval wait and the start
 * share the decision), unless it waited for an approval, when it is decided again after the wait;
 * either way it records the events and tells the listeners as before.
 */
class SingleDecisionGrpcTest {
  private static final Actor CAROL = Actor.builder().user("carol").tenant("acme").build();
  private static final Approver BOB = new Approver("user:bob", Set.of("group:dba"));

  /** Counts the decisions of the policy it wraps. */
  private static final class CountingPolicy implements Policy {
    private final Policy delegate;
    final AtomicInteger decisions = new AtomicInteger();

    CountingPolicy(Policy delegate) {
      this.delegate = delegate;
    }

    @Override
    public Decision decide(Identity identity, VectorCall call) {
      decisions.incrementAndGet();
      return delegate.decide(identity, call);
    }

    @Override
    public void require(PolicyRequirement requirement) throws PolicyValidationException {
      delegate.require(requirement);
    }

    @Override
    public String version() {
      return delegate.version();
    }

    @Override
    public PolicyMode mode() {
      return delegate.mode();
    }
  }

  private final QdrantTestServer server = QdrantTestServer.start();
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final AtomicInteger identified = new AtomicInteger();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService scheduler;
  private QdrantClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private QdrantClient client(VectorGuard.Builder builder) {
    server.createCollection("docs", Distance.Cosine);
    server.upsert("docs", List.of(QdrantFixture.point(1, "acme", "a@acme.io", 1f, 0f),
        QdrantFixture.point(2, "acme", "b@acme.io", 0f, 1f)));
    VectorGuard guard = builder.workload(() -> {
      identified.incrementAndGet();
      return Workload.configured("spiffe://acme.io/sa/ops");
    }).auditSink(audit).tokenSource(TestTokens.perScope()).listener(new CallListener() {
      @Override
      public CallObserver starting(VectorCall call) {
        seen.add("starting " + call.operation().id());
        return new CallObserver() {
          @Override
          public void admitted(GuardedCall started) {
            seen.add("admitted");
          }

          @Override
          public void refused(VectorGuardException refusal) {
            seen.add("refused");
          }

          @Override
          public void completed(GuardedCall call, dev.vectorguard.CallOutcome outcome) {
            seen.add("completed " + outcome.code());
          }
        };
      }
    }).build();
    client = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(guard).guardedChannel(server.newChannel()), true, false).build());
    return client;
  }

  private static SearchPoints search() {
    return SearchPoints.newBuilder().setCollectionName("docs").addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(enable(true)).build();
  }

  @Test
  void aGuardedSearchIsIdentifiedAndDecidedOnce() throws Exception {
    CountingPolicy policy = new CountingPolicy(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build()).build());
    QdrantClient guarded = client(VectorGuard.builder(policy));

    List<ScoredPoint> hits;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      hits = guarded.searchAsync(search()).get(30, TimeUnit.SECONDS);
    }

    assertThat(hits).hasSize(2).allSatisfy(hit ->
        assertThat(hit.getPayloadMap().get("email").getStringValue()).doesNotContain("@"));
    assertThat(policy.decisions).as("decisions per call").hasValue(1);
    assertThat(identified).as("workload look-ups per call").hasValue(1);
    assertThat(audit.events()).extracting(AuditEvent::type)
        .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED);
    assertThat(audit.last(AuditEvent.CALL_COMPLETED).get("masked.fields.redact")).isEqualTo(2L);
    assertThat(seen).containsExactly("starting search", "admitted", "completed OK");
  }

  @Test
  void aRefusedSearchIsDecidedOnceAndRefusedOnce() throws Exception {
    CountingPolicy policy = new CountingPolicy(TestPolicy.builder().build());
    QdrantClient guarded = client(VectorGuard.builder(policy));

    Future<List<ScoredPoint>> refused;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      refused = guarded.searchAsync(search());
    }

    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> refused.get(30, TimeUnit.SECONDS));
    assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(policy.decisions).hasValue(1);
    assertThat(audit.events()).extracting(AuditEvent::type).containsExactly(AuditEvent.CALL_REFUSED);
    assertThat(seen).containsExactly("starting search", "refused");
    assertThat(server.calls()).noneMatch(c -> c.method().endsWith("/Search"));
  }

  @Test
  void aCallThatWaitedForItsGrantIsDecidedAgainAndRecordsTheSameEvents() throws Exception {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    BlockingQueue<ApprovalRecord> requested = new LinkedBlockingQueue<>();
    Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(requested::add)
        .waitOn(scheduler, Duration.ofMillis(20)).build();
    CountingPolicy policy = new CountingPolicy(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"));
    QdrantClient guarded = client(VectorGuard.builder(policy).approvals(approvals));

    Future<UpdateResult> delete;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      delete = guarded.deleteAsync("docs", List.of(id(1)));
    }
    ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(delete).isNotDone();
    assertThat(audit.events()).as("nothing recorded while waiting").isEmpty();
    assertThat(seen).as("listeners told nothing while waiting").isEmpty();
    approvals.approve(request.id(), BOB, "remove point 1", null);
    delete.get(30, TimeUnit.SECONDS);

    assertThat(server.points("docs")).hasSize(1);
    assertThat(policy.decisions).as("decided before the wait and again after it").hasValue(2);
    assertThat(audit.events()).extracting(AuditEvent::type)
        .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED);
    AuditEvent started = audit.last(AuditEvent.CALL_STARTED);
    assertThat(started.get("decision.effect")).isEqualTo("approve");
    assertThat(started.get("decision.approval_id")).isEqualTo(request.id());
    assertThat(audit.last(AuditEvent.CALL_COMPLETED).callId()).isEqualTo(started.callId());
    assertThat(seen).containsExactly("starting delete", "admitted", "completed OK");
  }
}
