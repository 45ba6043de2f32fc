package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade end to end with a YAML policy and an in-memory audit sink. */
class VectorGuardTest {
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
            vectors: strip
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
        - id: no-salaries
          description: nobody reads salaries from an application
          collections: ["hr-*"]
          effect: deny
        - id: deletes-need-approval
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m }
      """;

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final Actor acme = Actor.builder().user("alice").tenant("acme").build();

  private VectorGuard guard(String mode) throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY.formatted(mode), "guard.yaml");
    return VectorGuard.builder(policy).workload(Workload.configured(RAG)).auditSink(audit).clock(clock).build();
  }

  private static VectorCall call(Operation operation, String collection) {
    return VectorCall.builder(Backend.QDRANT, operation).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/" + operation.id()).build();
  }

  @Test
  void aDeniedCallIsRefusedNamingTheRuleAndAudited() throws Exception {
    VectorGuard guard = guard("enforce");
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(call(Operation.SEARCH, "hr-salaries"), acme));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("no-salaries").contains("nobody reads salaries");
    assertThat(refused.decision().rules()).containsExactly("no-salaries");
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).isEmpty();
    List<AuditEvent> events = audit.ofType(AuditEvent.CALL_REFUSED);
    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.callId()).isEqualTo(refused.callId());
    assertThat(event.get("decision.effect")).isEqualTo("deny");
    assertThat(event.get("decision.rules")).isEqualTo(List.of("no-salaries"));
    assertThat(event.get("decision.policy_version")).isEqualTo(guard.policy().version());
    assertThat(event.timestamp()).isEqualTo(clock.instant());
  }

  @Test
  void aCallNoRuleMatchesIsRefusedByDefault() throws Exception {
    VectorGuard guard = guard("enforce");
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(refused.getMessage()).contains("no rule matched qdrant search (read) on collection 'docs'");
    assertThat(refused.decision().rules()).isEmpty();
  }

  @Test
  void anAllowedCallStartsWithItsObligationsAndCompletes() throws Exception {
    VectorGuard guard = guard("enforce");
    GuardedCall guarded = guard.begin(call(Operation.SEARCH, "docs"), acme);
    assertThat(guarded.obligations().maxResults()).isEqualTo(5);
    assertThat(guarded.obligations().stripVectors()).isTrue();
    assertThat(guarded.obligations().tenantFilters()).containsExactly(new TenantFilter("tenant_id", "acme"));
    AuditEvent started = audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.callId()).isEqualTo(guarded.callId());
    assertThat(started.get("decision.effect")).isEqualTo("allow");
    assertThat(started.get("decision.rules")).isEqualTo(List.of("rag-reads-docs"));
    assertThat(started.get("decision.enforced")).isEqualTo(true);
    assertThat(started.get("obligations.max_results")).isEqualTo(5);
    assertThat(started.get("actor.tenant")).isEqualTo("acme");
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).isEmpty();

    assertThat(guarded.complete(CallOutcome.ok("200").resultCount(3).build())).isTrue();
    assertThat(guarded.complete(CallOutcome.ok("200").build())).as("only the first completion counts").isFalse();
    List<AuditEvent> completed = audit.ofType(AuditEvent.CALL_COMPLETED);
    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).callId()).isEqualTo(guarded.callId());
    assertThat(completed.get(0).get("outcome.status")).isEqualTo("ok");
    assertThat(completed.get(0).get("outcome.result_count")).isEqualTo(3);
  }

  @Test
  void aCallNeedingApprovalIsRefusedWithTheApprovalRequestId() throws Exception {
    VectorGuard guard = guard("enforce");
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(call(Operation.DELETE, "docs"), acme));
    assertThat(refused.approvalId()).startsWith("apr_");
    assertThat(refused.getMessage()).contains("approval required by rule 'deletes-need-approval'")
        .contains(refused.approvalId());
    assertThat(refused.decision()).isInstanceOf(Decision.NeedsApproval.class);
    AuditEvent event = audit.ofType(AuditEvent.CALL_REFUSED).get(0);
    assertThat(event.get("decision.effect")).isEqualTo("approve");
    assertThat(event.get("decision.approval_id")).isEqualTo(refused.approvalId());
  }

  @Test
  void aGrantedApprovalLetsTheCallThrough() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY.formatted("enforce"), "guard.yaml");
    VectorGuard guard = VectorGuard.builder(policy).workload(Workload.configured(RAG)).auditSink(audit)
        .approvals(request -> {
          assertThat(request.decision().approvers()).containsExactly("group:dba");
          return ApprovalStatus.granted("grant_1", "approved by bob");
        })
        .build();
    GuardedCall guarded = guard.begin(call(Operation.DELETE, "docs"), acme);
    assertThat(guarded.approvalId()).isEqualTo("grant_1");
    assertThat(audit.ofType(AuditEvent.CALL_STARTED).get(0).get("decision.approval_id")).isEqualTo("grant_1");
  }

  @Test
  void monitorModeNeverRefusesAndSaysTheDecisionWasNotEnforced() throws Exception {
    VectorGuard guard = guard("monitor");
    GuardedCall guarded = guard.begin(call(Operation.SEARCH, "hr-salaries"), acme);
    assertThat(guarded.enforced()).isFalse();
    assertThat(guarded.decision().effect()).isEqualTo(Effect.DENY);
    assertThat(guarded.obligations()).isEqualTo(Obligations.NONE);
    AuditEvent started = audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.get("decision.effect")).isEqualTo("deny");
    assertThat(started.get("decision.rules")).isEqualTo(List.of("no-salaries"));
    assertThat(started.get("decision.enforced")).isEqualTo(false);
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).isEmpty();

    GuardedCall allowed = guard.begin(call(Operation.SEARCH, "docs"), acme);
    assertThat(allowed.obligations()).as("monitor mode changes nothing").isEqualTo(Obligations.NONE);
  }

  @Test
  void requiredAuditThatCannotBeWrittenRefusesTheCall() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY.formatted("enforce"), "guard.yaml");
    AuditSink broken = event -> {
      throw new IOException("disk full");
    };
    VectorGuard guard = VectorGuard.builder(policy).workload(Workload.configured(RAG)).auditSink(broken)
        .auditMode(AuditMode.REQUIRED).build();
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), acme));
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.AUDIT);
    assertThat(failure.getMessage()).contains("call.started audit event could not be written");
    assertThat(guard.auditFailures()).isPositive();

    VectorGuard bestEffort = VectorGuard.builder(policy).workload(Workload.configured(RAG)).auditSink(broken)
        .auditMode(AuditMode.BEST_EFFORT).build();
    assertThat(bestEffort.begin(call(Operation.SEARCH, "docs"), acme).decision().effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void theDemoPolicyDrivesTheGuard() throws Exception {
    CompiledPolicy demo = PolicyLoader.load(Path.of("..", "samples", "policies", "demo.yaml"));
    VectorGuard analytics = VectorGuard.builder(demo)
        .workload(Workload.configured("spiffe://demo.vectorguard.dev/ns/demo/sa/analytics-job"))
        .masking(dev.vectorguard.mask.MaskEngine.create(dev.vectorguard.mask.MaskSettings.builder()
            .hashKey("the-demo-policy-hashes-so-a-key".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()))
        .auditSink(audit).build();
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> analytics.begin(call(Operation.SEARCH, "hr-salaries"), null));
    assertThat(refused.decision().rules()).containsExactly("analytics-never-reads-salaries");
    assertThat(refused.getMessage()).contains("'analytics-never-reads-salaries'");
  }
}
