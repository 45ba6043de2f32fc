package dev.vectorguard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code approval.wait}: a held call goes through when a grant arrives, and every transition is in the hash chain. */
class ApprovalWaitTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<ApprovalRecord> requested = new LinkedBlockingQueue<>();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aHeldCallProceedsOnceItsRequestIsApprovedAndEveryTransitionIsChained() throws Exception {
    try (HashChainFileSink trail = HashChainFileSink.builder(dir).open()) {
      Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).auditSink(trail).notifier(requested::add)
          .waitOn(scheduler, Duration.ofMillis(20)).build();
      VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"))
          .workload(Workload.configured("spiffe://acme.io/sa/agent")).approvals(approvals).auditSink(trail).build();

      CompletableFuture<GuardedCall> held = CompletableFuture.supplyAsync(
          () -> guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE));
      ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(held).isNotDone();
      approvals.approve(request.id(), ApprovalStoreSuite.BOB, "go ahead", null);

      GuardedCall call = held.get(30, TimeUnit.SECONDS);
      assertThat(call.approvalId()).isEqualTo(request.id());
      call.complete(CallOutcome.ok("200").build());
      assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.SPENT);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
    String all = String.join("\n", Files.readAllLines(files.get(0)));
    assertThat(all).contains(AuditEvent.APPROVAL_REQUESTED, AuditEvent.APPROVAL_APPROVED, AuditEvent.APPROVAL_USED,
        AuditEvent.CALL_STARTED);
    assertThat(AuditVerifier.verify(files).ok()).isTrue();
  }

  @Test
  void aHeldCallIsRefusedAtOnceWhenItsRequestIsRejected() throws Exception {
    Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(requested::add)
        .waitOn(scheduler, Duration.ofMillis(20)).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/agent")).approvals(approvals).build();
    CompletableFuture<CallRefusedException> held = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
        CallRefusedException.class, () -> guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE)));
    ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
    approvals.reject(request.id(), ApprovalStoreSuite.BOB, "not today");

    CallRefusedException refused = held.get(30, TimeUnit.SECONDS);
    assertThat(refused.getMessage()).endsWith("approval request " + request.id()
        + ": the request was rejected by user:bob: not today");
  }

  @Test
  void aGuardWideWaitRunsOutAndRefusesWithTheRequestId() throws Exception {
    Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).waitOn(scheduler, Duration.ofMillis(10))
        .build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.POLICY, "p.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/agent")).approvals(approvals)
        .approvalWait(Duration.ofMillis(50)).build();
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE));
    assertThat(refused.getMessage()).endsWith("; no grant within the wait of PT0.05S");
    assertThat(approvals.find(refused.approvalId()).state()).isEqualTo(ApprovalState.PENDING);
  }
}
