package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.observe.CallListener;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.policy.PolicyRequirement;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.testing.ApprovalStoreSuite;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorGuard#prepare}: a call identified and decided once for the approval wait and the
 * start, recording exactly what readyToBegin + beginNow (each identifying and deciding) record.
 */
class PreparedCallTest {
  private static final String RAG = "spiffe://acme.io/ns/prod/sa/rag-api";
  private static final String POLICY = """
      version: 1
      mode: %s
      rules:
        - id: rag-reads-docs
          when: { workload: "spiffe://acme.io/ns/prod/sa/rag-*", actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 5
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
            mask: [{ field: email, with: redact }]
        - id: no-salaries
          collections: ["hr-*"]
          effect: deny
        - id: deletes-need-approval
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m }
      """;
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  /** A policy that counts its decisions, and fails them while {@link #failing} is set. */
  private static final class CountingPolicy implements Policy {
    private final Policy delegate;
    private final AtomicInteger decisions = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();

    CountingPolicy(Policy delegate) {
      this.delegate = delegate;
    }

    @Override
    public Decision decide(Identity identity, VectorCall call) {
      decisions.incrementAndGet();
      if (failing.get()) {
        throw new IllegalStateException("the rule index is corrupt");
      }
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

  /** One guard with its policy, audit trail, workload supplier and listener, each counting. */
  private static final class Rig {
    final CountingPolicy policy;
    final InMemoryAuditSink audit = new InMemoryAuditSink();
    final AtomicInteger identified = new AtomicInteger();
    final AtomicBoolean noWorkload = new AtomicBoolean();
    final List<String> seen = new ArrayList<>();
    final VectorGuard guard;

    Rig(String mode) throws Exception {
      this(mode, b -> b);
    }

    Rig(String mode, java.util.function.UnaryOperator<VectorGuard.Builder> more) throws Exception {
      CompiledPolicy compiled = PolicyLoader.parse(POLICY.formatted(mode), "prepared.yaml");
      policy = new CountingPolicy(compiled);
      Supplier<Workload> workload = () -> {
        identified.incrementAndGet();
        if (noWorkload.get()) {
          throw new IllegalStateException("the token file is missing");
        }
        return Workload.configured(RAG);
      };
      guard = more.apply(VectorGuard.builder(policy).workload(workload).auditSink(audit).clock(CLOCK)
          .listener(new CallListener() {
            @Override
            public CallObserver starting(VectorCall call) {
              seen.add("starting " + call.operation().id());
              return new CallObserver() {
                @Override
                public void admitted(GuardedCall started) {
                  seen.add("admitted " + started.decision().effect().id());
                }

                @Override
                public void refused(VectorGuardException refusal) {
                  seen.add("refused " + refusal.getClass().getSimpleName());
                }
              };
            }
          })).build();
    }

    /** What the trail recorded, without the random ids. */
    List<String> recorded() {
      return audit.events().stream().map(e -> normalised(e.type() + ' ' + e.timestamp() + ' ' + e.data())).toList();
    }
  }

  /** Without the approval ids, which the guard's default approval service draws at random, and latencies. */
  private static String normalised(String text) {
    return text.replaceAll("apr_[0-9a-f-]+", "apr_*").replaceAll("latency_us=\\d+", "latency_us=*");
  }

  private static VectorCall call(Operation operation, String collection) {
    return VectorCall.builder(Backend.QDRANT, operation).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/" + operation.id()).build();
  }

  /** The rewrite a transport passes: the obligations as text, or refused when {@code enforceable} is false. */
  private static RequestRewrite<String> rewrite(boolean enforceable) {
    return obligations -> {
      if (!enforceable) {
        throw new UnenforceableRequestException("the request names no tenant field it could filter on");
      }
      return "filtered by " + obligations.tenantFilters();
    };
  }

  /** Begins {@code call} as transports did: readyToBegin, then beginNow, each identifying and deciding. */
  private static Object twoDecisions(Rig rig, VectorCall call, boolean enforceable) {
    try {
      ApprovalStatus waited = rig.guard.readyToBegin(call, ACME).join();
      GuardedRequest<String> started = rig.guard.beginNow(call, ACME, rewrite(enforceable), waited);
      started.call().complete(CallOutcome.ok("200").build());
      return started.request();
    } catch (VectorGuardException e) {
      return normalised(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Begins {@code call} prepared once. */
  private static Object oneDecision(Rig rig, VectorCall call, boolean enforceable) {
    try {
      PreparedCall prepared = rig.guard.prepare(call, ACME);
      ApprovalStatus waited = rig.guard.readyToBegin(prepared).join();
      GuardedRequest<String> started = rig.guard.beginNow(prepared, rewrite(enforceable), waited);
      started.call().complete(CallOutcome.ok("200").build());
      return started.request();
    } catch (VectorGuardException e) {
      return normalised(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static void assertSameAsTwoDecisions(String mode, VectorCall call, boolean enforceable,
      java.util.function.Consumer<Rig> setUp) throws Exception {
    Rig before = new Rig(mode);
    Rig now = new Rig(mode);
    setUp.accept(before);
    setUp.accept(now);
    Object expected = twoDecisions(before, call, enforceable);
    Object actual = oneDecision(now, call, enforceable);
    assertThat(actual).isEqualTo(expected);
    assertThat(now.recorded()).isNotEmpty().isEqualTo(before.recorded());
    assertThat(now.seen).isEqualTo(before.seen);
    assertThat(now.identified).as("workload looked up once").hasValue(1);
    assertThat(now.policy.decisions).as("decided at most once").hasValueLessThanOrEqualTo(1);
  }

  @Test
  void anAllowedCallIsDecidedOnceAndRecordsWhatTwoDecisionsRecorded() throws Exception {
    assertSameAsTwoDecisions("enforce", call(Operation.SEARCH, "docs"), true, rig -> {});
    Rig rig = new Rig("enforce");
    oneDecision(rig, call(Operation.SEARCH, "docs"), true);
    assertThat(rig.policy.decisions).hasValue(1);
    assertThat(rig.audit.events()).extracting(AuditEvent::type)
        .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED);
    assertThat(rig.seen).containsExactly("starting search", "admitted allow");
  }

  @Test
  void refusalsAreTheSame() throws Exception {
    assertSameAsTwoDecisions("enforce", call(Operation.SEARCH, "hr-salaries"), true, rig -> {});
    assertSameAsTwoDecisions("enforce", call(Operation.DELETE, "docs"), true, rig -> {});
    assertSameAsTwoDecisions("enforce", call(Operation.SEARCH, "docs"), false, rig -> {});
    assertSameAsTwoDecisions("monitor", call(Operation.SEARCH, "hr-salaries"), true, rig -> {});
    assertSameAsTwoDecisions("monitor", call(Operation.DELETE, "docs"), true, rig -> {});
  }

  @Test
  void aWorkloadThatCannotBeEstablishedIsRefusedWhenBegunNotWhenPrepared() throws Exception {
    assertSameAsTwoDecisions("enforce", call(Operation.SEARCH, "docs"), true, rig -> rig.noWorkload.set(true));
    Rig rig = new Rig("enforce");
    rig.noWorkload.set(true);
    PreparedCall prepared = rig.guard.prepare(call(Operation.SEARCH, "docs"), ACME);
    assertThat(prepared.decision()).isNull();
    assertThat(rig.guard.readyToBegin(prepared)).isCompletedWithValue(null);
    assertThat(rig.audit.events()).as("nothing audited before the call begins").isEmpty();
    assertThat(rig.seen).isEmpty();
    GuardFailureException refused = catchThrowableOfType(GuardFailureException.class,
        () -> rig.guard.beginNow(prepared, rewrite(true), null));
    assertThat(refused.failure()).isEqualTo(GuardFailureException.Cause.IDENTITY);
    assertThat(rig.audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(e -> assertThat(e.callId()).isEqualTo(refused.callId()));
    assertThat(rig.policy.decisions).hasValue(0);
  }

  @Test
  void aPolicyThatFailsIsRefusedWhenBegun() throws Exception {
    assertSameAsTwoDecisions("enforce", call(Operation.SEARCH, "docs"), true, rig -> rig.policy.failing.set(true));
    Rig rig = new Rig("enforce");
    rig.policy.failing.set(true);
    PreparedCall prepared = rig.guard.prepare(call(Operation.SEARCH, "docs"), ACME);
    assertThat(rig.audit.events()).isEmpty();
    GuardFailureException refused = catchThrowableOfType(GuardFailureException.class,
        () -> rig.guard.beginNow(prepared, rewrite(true), null));
    assertThat(refused.failure()).isEqualTo(GuardFailureException.Cause.DECIDE);
    assertThat(refused.getMessage()).contains("the rule index is corrupt");
  }

  @Test
  void aCallPreparedByAnotherGuardIsRejected() throws Exception {
    Rig one = new Rig("enforce");
    Rig other = new Rig("enforce");
    PreparedCall prepared = one.guard.prepare(call(Operation.SEARCH, "docs"), ACME);
    assertThatThrownBy(() -> other.guard.readyToBegin(prepared)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the call was prepared by another VectorGuard");
    assertThatThrownBy(() -> other.guard.beginNow(prepared, rewrite(true), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(other.audit.events()).isEmpty();
  }

  @Test
  void aCallThatWaitedForItsGrantIsDecidedAgainAndRecordsTheGrant() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      BlockingQueue<ApprovalRecord> requested = new LinkedBlockingQueue<>();
      Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(requested::add)
          .waitOn(scheduler, Duration.ofMillis(20)).build();
      CountingPolicy policy = new CountingPolicy(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"));
      InMemoryAuditSink audit = new InMemoryAuditSink();
      VectorGuard guard = VectorGuard.builder(policy).workload(Workload.configured(RAG)).approvals(approvals)
          .auditSink(audit).build();
      VectorCall delete = call(Operation.DELETE, "docs");

      PreparedCall prepared = guard.prepare(delete, ACME);
      CompletableFuture<ApprovalStatus> ready = guard.readyToBegin(prepared);
      ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(ready).isNotDone();
      approvals.approve(request.id(), ApprovalStoreSuite.BOB, "one delete", null);
      ApprovalStatus waited = ready.get(30, TimeUnit.SECONDS);
      assertThat(waited.granted()).isTrue();

      GuardedRequest<String> started = guard.beginNow(prepared, rewrite(true), waited);
      assertThat(started.call().approvalId()).isEqualTo(request.id());
      assertThat(policy.decisions).as("decided before the wait, and again after it").hasValue(2);
      AuditEvent event = audit.last(AuditEvent.CALL_STARTED);
      assertThat(event.callId()).isEqualTo(started.call().callId());
      assertThat(event.get("decision.effect")).isEqualTo("approve");
      assertThat(event.get("decision.approval_id")).isEqualTo(request.id());
      assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).isEmpty();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aStartedCallCarriesThePlanItsMaskRulesWereCheckedWith() throws Exception {
    Rig rig = new Rig("enforce");
    GuardedCall masked = rig.guard.begin(call(Operation.SEARCH, "docs"), ACME);
    assertThat(masked.maskPlan()).isNotNull()
        .isSameAs(rig.guard.masking().plan(masked.obligations().maskRules(), false));
    Rig monitor = new Rig("monitor");
    assertThat(monitor.guard.begin(call(Operation.SEARCH, "hr-salaries"), ACME).maskPlan())
        .as("nothing to mask").isNull();
  }
}
