package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many threads, two tenants: no actor leaks into another thread's call, and no audit event is lost. */
class ConcurrencyTest {

  @Test
  void concurrentCallsKeepTheirOwnActorAndAreAllAudited() throws Exception {
    int threads = 8;
    int callsPerThread = 25;
    try (QdrantFixture fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"),
        AccessLevel.READ, Obligations.NONE, "tenant").build())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String tenant = t % 2 == 0 ? "acme" : "globex";
          results.add(pool.submit(() -> {
            int wrong = 0;
            for (int i = 0; i < callsPerThread; i++) {
              List<ScoredPoint> hits;
              try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant(tenant).build())) {
                hits = fx.client.searchAsync(SearchPoints.newBuilder().setCollectionName("docs")
                    .addAllVector(List.of(1f, 0f)).setLimit(10)
                    .setWithPayload(WithPayloadSelectorFactory.enable(true)).build()).get();
              }
              wrong += (int) hits.stream()
                  .filter(h -> !h.getPayloadMap().get("tenant").getStringValue().equals(tenant)).count();
              wrong += hits.size() == 2 ? 0 : 1;
            }
            return wrong;
          }));
        }
        for (Future<Integer> r : results) {
          assertThat(r.get()).isZero();
        }
      } finally {
        pool.shutdownNow();
      }
      int total = threads * callsPerThread;
      assertThat(fx.audit.ofType(AuditEvent.CALL_STARTED)).hasSize(total);
      assertThat(fx.audit.ofType(AuditEvent.CALL_COMPLETED)).hasSize(total);
      assertThat(fx.server.calls()).hasSize(total);
    }
  }
}
