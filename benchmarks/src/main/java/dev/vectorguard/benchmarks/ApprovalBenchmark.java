package dev.vectorguard.benchmarks;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalRequest;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.approval.GrantedApprovals;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request-path cost of an approved call: {@link Approvals#check} over the in-memory store (the
 * request's fingerprint, a store lookup, the grant's expiry and window) against the older
 * {@link GrantedApprovals} (the same fingerprint, then verifying the grant's HS256 signature on
 * every use). Both with a multi-use grant, so that every call is granted and nothing is spent.
 */
@State(Scope.Thread)
public class ApprovalBenchmark {
  private ApprovalRequest request;
  private Approvals approvals;
  private GrantedApprovals granted;

  @Setup
  public void setUp() {
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.DELETE).collection("docs")
        .endpoint("POST /collections/docs/points/delete").build();
    Decision.NeedsApproval decision = new Decision.NeedsApproval(Obligations.NONE, List.of("ops-deletes"),
        "approval required", "sha256:bench", List.of("group:dba"), Duration.ofHours(1), false);
    request = new ApprovalRequest(Identity.of(Workload.configured("spiffe://bench/sa/ops"),
        Actor.builder().user("carol").build()), call, decision);

    approvals = Approvals.builder(ApprovalStore.inMemory()).build();
    String id = approvals.check(request).approvalId();
    approvals.approve(id, new Approver("user:bob", Set.of("group:dba")), "bench", null);

    granted = GrantedApprovals.create("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
        Clock.systemUTC());
    granted.approve(granted.check(request).approvalId(), "user:bob", Set.of("group:dba"), Duration.ofHours(1));
    if (!approvals.check(request).granted() || !granted.check(request).granted()) {
      throw new IllegalStateException("both services must grant the benchmark's call");
    }
  }

  @Benchmark
  public ApprovalStatus approvalsInMemory() {
    return approvals.check(request);
  }

  @Benchmark
  public ApprovalStatus grantedApprovals() {
    return granted.check(request);
  }
}
