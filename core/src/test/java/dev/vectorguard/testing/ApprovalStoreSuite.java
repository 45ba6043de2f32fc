package dev.vectorguard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalState;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval lifecycle, run against every {@link ApprovalStore}: two guards (replicas) share
 * one store, and a third {@link Approvals} over it stands for the approver's tool. A store's
 * test subclasses this with a {@link #newStore()} that returns an empty store each time it is
 * called; calls from one test share the underlying data.
 */
public abstract class ApprovalStoreSuite {
  /** The policy every test decides with. */
  public static final String POLICY = """
      version: 1
      rules:
        - id: ops-deletes
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m, single_use: true }
        - id: two-person-drops
          collections: [docs]
          operations: [drop_collection]
          effect: approve
          approval: { approvers: ["group:dba", "group:sec"], ttl: 15m, min_approvals: 2 }
        - id: reindex-in-office-hours
          collections: [docs]
          operations: [create_index]
          effect: approve
          approval:
            approvers: ["group:dba"]
            ttl: 1d
            single_use: false
            window: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", zone: UTC }
      """;
  /** Reads allowed; deletes wait up to a minute for a single-use grant (the adapters' waiting tests). */
  public static final String WAITING_POLICY = """
      version: 1
      rules:
        - id: reads
          collections: [docs]
          actions: [read]
          effect: allow
        - id: ops-deletes
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m, single_use: true, wait: 1m }
      """;
  /** A Sunday. */
  private static final Instant START = Instant.parse("2026-11-29T06:00:00Z");
  public static final Actor ALICE = Actor.builder().user("alice").tenant("acme").build();
  public static final Approver BOB = new Approver("user:bob", Set.of("group:dba"));
  public static final Approver CAROL = new Approver("user:carol", Set.of("group:sec"));

  protected final TestClock clock = new TestClock(START);
  protected final InMemoryAuditSink trail = new InMemoryAuditSink();
  private CompiledPolicy policy;
  private Approvals replicaA;
  private Approvals replicaB;
  private Approvals desk;
  private VectorGuard guardA;
  private VectorGuard guardB;

  /** An empty store on first call per test; later calls in the same test share its data (as replicas do). */
  protected abstract ApprovalStore newStore();

  @BeforeEach
  void guards() throws Exception {
    policy = PolicyLoader.parse(POLICY, "approvals.yaml");
    ApprovalStore first = newStore();
    replicaA = approvals(first);
    replicaB = approvals(newStore());
    desk = approvals(newStore());
    guardA = guard(replicaA);
    guardB = guard(replicaB);
  }

  private Approvals approvals(ApprovalStore store) {
    return Approvals.builder(store).auditSink(trail).clock(clock).pendingLifetime(Duration.ofHours(4)).build();
  }

  private VectorGuard guard(Approvals approvals) {
    return VectorGuard.builder(policy).workload(Workload.configured("spiffe://acme.io/sa/ops"))
        .approvals(approvals).auditSink(trail).clock(clock).build();
  }

  /** The desk (the approver's tool) over the same store. */
  protected Approvals desk() {
    return desk;
  }

  public static VectorCall call(Operation operation) {
    return VectorCall.builder(Backend.QDRANT, operation).collection("docs")
        .endpoint("POST /collections/docs/" + operation.id()).build();
  }

  protected static String refusedId(VectorGuard guard, VectorCall call) {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class, () -> guard.begin(call, ALICE));
    assertThat(refused).as("the call is refused").isNotNull();
    assertThat(refused.approvalId()).startsWith("apr_");
    return refused.approvalId();
  }

  @Test
  void aRequestOnOneReplicaApprovedFromTheStoreGoesThroughOnceOnAnother() {
    String id = refusedId(guardA, call(Operation.DELETE));
    assertThat(refusedId(guardB, call(Operation.DELETE))).as("the other replica sees the same request").isEqualTo(id);

    ApprovalRecord approved = desk.approve(id, BOB, "ticket OPS-12", null);
    assertThat(approved.state()).isEqualTo(ApprovalState.APPROVED);
    assertThat(approved.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));

    GuardedCall call = guardB.begin(call(Operation.DELETE), ALICE);
    assertThat(call.approvalId()).isEqualTo(id);
    call.complete(CallOutcome.ok("200").build());
    assertThat(desk.find(id).state()).isEqualTo(ApprovalState.SPENT);

    String next = refusedId(guardB, call(Operation.DELETE));
    assertThat(next).as("a spent grant opens a new request").isNotEqualTo(id);
    assertThat(refusedId(guardA, call(Operation.DELETE))).isEqualTo(next);
    assertThat(types()).containsSubsequence(AuditEvent.APPROVAL_REQUESTED, AuditEvent.APPROVAL_APPROVED,
        AuditEvent.APPROVAL_USED, AuditEvent.APPROVAL_REQUESTED);
    AuditEvent used = trail.ofType(AuditEvent.APPROVAL_USED).get(0);
    assertThat(used.get(AuditFields.APPROVAL_ID)).isEqualTo(id);
    assertThat(used.get(AuditFields.APPROVAL_STATE)).isEqualTo("spent");
    assertThat(trail.ofType(AuditEvent.APPROVAL_APPROVED).get(0).get(AuditFields.APPROVAL_BY)).isEqualTo("user:bob");
  }

  @Test
  void sixteenConcurrentRetriesOnOneSingleUseGrantLetExactlyOneThrough() throws Exception {
    String id = refusedId(guardA, call(Operation.DELETE));
    desk.approve(id, BOB, "one delete", null);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        VectorGuard guard = i % 2 == 0 ? guardA : guardB;
        Callable<Boolean> retry = () -> {
          go.await();
          try {
            guard.begin(call(Operation.DELETE), ALICE).complete(CallOutcome.ok("200").build());
            return true;
          } catch (CallRefusedException e) {
            return false;
          }
        };
        results.add(pool.submit(retry));
      }
      go.countDown();
      int through = 0;
      for (Future<Boolean> result : results) {
        through += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(through).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(trail.ofType(AuditEvent.APPROVAL_USED)).hasSize(1);
    assertThat(trail.ofType(AuditEvent.CALL_STARTED)).hasSize(1);
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest() {
    String id = refusedId(guardA, call(Operation.DELETE));
    Approver alice = new Approver("user:alice", Set.of("group:dba"));
    assertThatThrownBy(() -> desk.approve(id, alice, "it is fine", null))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("user:alice may not approve " + id + ": it is their own request (no self-approval)");
    Approver workload = new Approver("spiffe://acme.io/sa/ops", Set.of("group:dba"));
    assertThatThrownBy(() -> desk.approve(id, workload, "automated", null))
        .hasMessageContaining("their own request");
    assertThat(desk.find(id).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(desk.find(id).votes()).isEmpty();
    refusedId(guardB, call(Operation.DELETE));
  }

  @Test
  void onlyTheRulesApproversMayDecide() {
    String id = refusedId(guardA, call(Operation.DELETE));
    assertThatThrownBy(() -> desk.approve(id, CAROL, "looks fine", null))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("user:carol may not approve " + id + ": the rule names approvers [group:dba] and user:carol"
            + " holds [group:sec]");
    assertThatThrownBy(() -> desk.reject(id, CAROL, "no")).hasMessageContaining("may not reject");
    assertThat(desk.find(id).state()).isEqualTo(ApprovalState.PENDING);
  }

  @Test
  void twoOfManyNeedsTwoDistinctApprovers() {
    String id = refusedId(guardA, call(Operation.DROP_COLLECTION));
    ApprovalRecord first = desk.approve(id, BOB, "drop the old index", null);
    assertThat(first.state()).isEqualTo(ApprovalState.PENDING);
    assertThat(first.votes()).extracting(ApprovalRecord.Vote::approver).containsExactly("user:bob");
    CallRefusedException stillRefused = catchThrowableOfType(CallRefusedException.class,
        () -> guardB.begin(call(Operation.DROP_COLLECTION), ALICE));
    assertThat(stillRefused.getMessage()).contains("waiting for 1 more approval(s)", "approved so far by user:bob");

    assertThatThrownBy(() -> desk.approve(id, BOB, "again", null))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("user:bob has already approved " + id + "; it needs 2 distinct approvers");
    ApprovalRecord second = desk.approve(id, CAROL, "agreed", null);
    assertThat(second.state()).isEqualTo(ApprovalState.APPROVED);
    assertThat(types()).containsSubsequence(AuditEvent.APPROVAL_VOTED, AuditEvent.APPROVAL_APPROVED);

    guardB.begin(call(Operation.DROP_COLLECTION), ALICE).complete(CallOutcome.ok("200").build());
  }

  @Test
  void aRejectedRequestStaysRefusedAndCannotBeApprovedLater() {
    String id = refusedId(guardA, call(Operation.DELETE));
    ApprovalRecord rejected = desk.reject(id, BOB, "not during the freeze");
    assertThat(rejected.state()).isEqualTo(ApprovalState.REJECTED);
    assertThat(rejected.decidedBy()).isEqualTo("user:bob");
    assertThat(rejected.decisionReason()).isEqualTo("not during the freeze");

    assertThatThrownBy(() -> desk.approve(id, BOB, "changed my mind", null))
        .isInstanceOf(ApprovalException.class).hasMessage("approval request " + id + " is rejected, not pending");
    assertThat(refusedId(guardB, call(Operation.DELETE))).as("asking again is a new request").isNotEqualTo(id);
    assertThat(trail.ofType(AuditEvent.APPROVAL_REJECTED).get(0).get(AuditFields.APPROVAL_REASON))
        .isEqualTo("not during the freeze");
  }

  @Test
  void aRevokedGrantLetsNothingThrough() {
    String id = refusedId(guardA, call(Operation.DELETE));
    desk.approve(id, BOB, "ok", null);
    ApprovalRecord revoked = desk.revoke(id, BOB, "wrong collection");
    assertThat(revoked.state()).isEqualTo(ApprovalState.REVOKED);
    assertThat(refusedId(guardB, call(Operation.DELETE))).isNotEqualTo(id);
    assertThatThrownBy(() -> desk.revoke(id, BOB, "again"))
        .hasMessage("approval request " + id + " is revoked, not approved or pending");
    assertThat(trail.ofType(AuditEvent.APPROVAL_REVOKED)).hasSize(1);
  }

  @Test
  void aGrantExpiresAfterItsTtlAndAnApproverMayShortenIt() {
    String id = refusedId(guardA, call(Operation.DELETE));
    ApprovalRecord approved = desk.approve(id, BOB, "ok", Duration.ofHours(3));
    assertThat(approved.expiresAt()).as("capped by the rule's ttl").isEqualTo(clock.instant().plus(
        Duration.ofMinutes(15)));
    clock.advance(Duration.ofMinutes(15));
    assertThat(refusedId(guardB, call(Operation.DELETE))).isNotEqualTo(id);
    assertThat(desk.find(id).state()).isEqualTo(ApprovalState.EXPIRED);
    assertThat(trail.ofType(AuditEvent.APPROVAL_EXPIRED).get(0).get(AuditFields.APPROVAL_REASON))
        .isEqualTo("its grant's ttl ran out at " + approved.expiresAt());

    String next = refusedId(guardB, call(Operation.DELETE));
    ApprovalRecord shorter = desk.approve(next, BOB, "five minutes", Duration.ofMinutes(5));
    assertThat(shorter.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aPendingRequestNobodyDecidesExpires() {
    String id = refusedId(guardA, call(Operation.DELETE));
    clock.advance(Duration.ofHours(4));
    assertThatThrownBy(() -> desk.approve(id, BOB, "late", null))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("approval request " + id + " expired at " + START.plus(Duration.ofHours(4))
            + "; the call must be made again to ask anew");
    assertThat(desk.find(id).state()).isEqualTo(ApprovalState.EXPIRED);
    assertThat(refusedId(guardB, call(Operation.DELETE))).isNotEqualTo(id);
  }

  @Test
  void aGrantWithAWindowIsUsedOnlyInsideIt() {
    clock.advance(Duration.ofHours(25)); // Monday 07:00
    String id = refusedId(guardA, call(Operation.CREATE_INDEX));
    desk.approve(id, BOB, "reindex this morning", null);
    CallRefusedException early = catchThrowableOfType(CallRefusedException.class,
        () -> guardB.begin(call(Operation.CREATE_INDEX), ALICE));
    assertThat(early.getMessage()).contains("approved, but the grant may be used only mon,tue,wed,thu,fri "
        + "08:00-18:00 UTC");
    clock.advance(Duration.ofHours(2));
    guardB.begin(call(Operation.CREATE_INDEX), ALICE).complete(CallOutcome.ok("200").build());
    guardA.begin(call(Operation.CREATE_INDEX), ALICE).complete(CallOutcome.ok("200").build());
    assertThat(desk.find(id).state()).as("not single use").isEqualTo(ApprovalState.APPROVED);
  }

  @Test
  void listingShowsRequestsByState() {
    String delete = refusedId(guardA, call(Operation.DELETE));
    clock.advance(Duration.ofSeconds(1));
    String drop = refusedId(guardA, call(Operation.DROP_COLLECTION));
    desk.reject(delete, BOB, "no");
    assertThat(desk.list(Set.of(ApprovalState.PENDING), 10)).extracting(ApprovalRecord::id).containsExactly(drop);
    assertThat(desk.list(Set.of(), 10)).extracting(ApprovalRecord::id).containsExactly(drop, delete);
    ApprovalRecord record = desk.find(drop);
    assertThat(record.summary()).isEqualTo("spiffe://acme.io/sa/ops for {tenant=acme, user=alice} asks to "
        + "drop_collection [docs] on qdrant (manage access)");
    assertThat(record.actor()).containsEntry("user", "alice");
    assertThat(record.approvers()).containsExactly("group:dba", "group:sec");
    assertThat(record.minApprovals()).isEqualTo(2);
    assertThat(desk.find("apr_nope")).isNull();
  }

  private List<String> types() {
    return trail.events().stream().map(AuditEvent::type).filter(t -> t.startsWith("approval.")).toList();
  }
}
