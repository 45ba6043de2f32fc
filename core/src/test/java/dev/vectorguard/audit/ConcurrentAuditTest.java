package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 16 threads × 10,000 guarded calls into the async hash-chained file sink: nothing lost, chain intact. */
class ConcurrentAuditTest {
  private static final int THREADS = 16;
  private static final int CALLS = 10_000;

  @TempDir Path dir;

  @Test
  void everyEventOfEveryCallIsChained() throws Exception {
    HashChainFileSink file = HashChainFileSink.builder(dir).maxFileBytes(32L << 20)
        .durability(Durability.flushEachBatch()).open();
    AsyncAuditSink async = AsyncAuditSink.builder(file).capacity(16_384).overflow(AsyncAuditSink.Overflow.BLOCK).build();
    VectorGuard guard = VectorGuard.builder(new AllowAll()).workload(Workload.configured("spiffe://acme.io/rag"))
        .auditSink(async).auditMode(AuditMode.REQUIRED).build();
    VectorCall call = AllowAll.search();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < CALLS; i++) {
          GuardedCall guarded = guard.begin(call, null);
          guarded.complete(CallOutcome.ok("200").resultCount(i % 10).bytes(100, 2000).build());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get();
    }
    pool.shutdown();
    guard.close();

    assertThat(guard.auditFailures()).isZero();
    assertThat(async.dropped()).isZero();
    AuditVerifier.Result result = AuditVerifier.verify(AuditFiles.list(dir, "audit"));
    assertThat(result.summary()).isEqualTo("OK " + 2 * THREADS * CALLS + " events");
    assertThat(result.eventsByType())
        .containsEntry(AuditEvent.CALL_STARTED, (long) THREADS * CALLS)
        .containsEntry(AuditEvent.CALL_COMPLETED, (long) THREADS * CALLS)
        .hasSize(2);
  }
}
