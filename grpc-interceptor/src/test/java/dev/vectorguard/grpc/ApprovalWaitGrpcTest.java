package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.ApprovalStoreSuite;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.UpdateResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code approval.wait} with the official Qdrant client's async calls: the call is held without
 * holding a thread (the caller gets its future at once, other calls go through), and proceeds once
 * when the grant arrives.
 */
class ApprovalWaitGrpcTest {
  private static final Actor CAROL = Actor.builder().user("carol").build();
  private static final Approver BOB = new Approver("user:bob", Set.of("group:dba"));

  private final QdrantTestServer server = QdrantTestServer.start();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<ApprovalRecord> requested = new LinkedBlockingQueue<>();
  private Approvals approvals;
  private QdrantClient client;

  @BeforeEach
  void start() throws Exception {
    server.createCollection("docs", Distance.Cosine);
    server.upsert("docs", List.of(QdrantFixture.point(1, "acme", "a@acme.io", 1f, 0f),
        QdrantFixture.point(2, "acme", "b@acme.io", 0f, 1f)));
    approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(requested::add)
        .waitOn(scheduler, Duration.ofMillis(20)).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/ops")).approvals(approvals)
        .tokenSource(TestTokens.perScope()).build();
    client = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(guard).guardedChannel(server.newChannel()), true, false).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    scheduler.shutdownNow();
  }

  private Future<UpdateResult> delete(long point) {
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      return client.deleteAsync("docs", List.of(id(point)));
    }
  }

  @Test
  void anAsyncCallWaitsForItsGrantWithoutHoldingAThreadAndGoesThroughOnce() throws Exception {
    Future<UpdateResult> first = delete(1);
    ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(first).isNotDone();
    assertThat(client.countAsync("docs").get(30, TimeUnit.SECONDS)).as("other calls go through").isEqualTo(2);
    assertThat(server.calls()).noneMatch(c -> c.method().endsWith("/Delete"));

    approvals.approve(request.id(), BOB, "remove point 1", null);
    first.get(30, TimeUnit.SECONDS);
    assertThat(server.points("docs")).hasSize(1);

    Future<UpdateResult> second = delete(2);
    ApprovalRecord next = requested.poll(30, TimeUnit.SECONDS);
    assertThat(next.id()).as("the spent grant does not cover the next delete").isNotEqualTo(request.id());
    approvals.reject(next.id(), BOB, "one was enough");
    ExecutionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
        () -> second.get(30, TimeUnit.SECONDS));
    Status status = Status.fromThrowable(refused.getCause());
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).endsWith("the request was rejected by user:bob: one was enough");
    assertThat(server.points("docs")).hasSize(2 - 1);
  }
}
