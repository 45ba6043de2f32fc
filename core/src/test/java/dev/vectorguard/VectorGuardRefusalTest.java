package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a refused caller reads, and that every refusal path is audited and never lets the call through. */
class VectorGuardRefusalTest {
  private static final String WORKLOAD = "spiffe://acme.io/ns/prod/sa/rag-api";
  private static final String POLICY = """
      version: 1
      rules:
        - id: reads
          collections: [docs, hr-salaries]
          actions: [read]
          effect: allow
        - id: no-salaries
          description: nobody reads salaries
          collections: ["hr-*"]
          effect: deny
        - id: also-no-salaries
          collections: [hr-salaries]
          effect: deny
        - id: deletes-need-approval
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m }
      """;

  private final InMemoryAuditSink audit = new InMemoryAuditSink();

  private VectorGuard guard() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY, "refusals.yaml");
    return VectorGuard.builder(policy).workload(Workload.configured(WORKLOAD)).auditSink(audit)
        .approvals(request -> ApprovalStatus.pending("apr_1", "waiting for approval by one of [group:dba]"))
        .build();
  }

  static VectorCall call(Operation operation, String... collections) {
    return VectorCall.builder(Backend.QDRANT, operation).collections(List.of(collections))
        .endpoint("POST /collections/" + collections[0] + "/points/" + operation.id()).build();
  }

  @Test
  void aDenyByOneRuleNamesTheRuleOnce() throws Exception {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.SEARCH, "hr-payroll"), null));
    assertThat(refused).hasMessage("Vectorguard refused qdrant search on [hr-payroll]: "
        + "denied by rule 'no-salaries' (nobody reads salaries)");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED).get(0).get("reason")).isEqualTo(refused.getMessage());
  }

  @Test
  void aDenyBySeveralRulesNamesEachOnce() throws Exception {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.SEARCH, "hr-salaries"), null));
    assertThat(refused).hasMessage("Vectorguard refused qdrant search on [hr-salaries]: "
        + "denied by rules 'no-salaries', 'also-no-salaries'");
  }

  @Test
  void aDefaultDenySaysSo() throws Exception {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.UPSERT, "docs"), null));
    assertThat(refused).hasMessage("Vectorguard refused qdrant upsert on [docs]: no rule matched qdrant upsert "
        + "(write) on collection 'docs' for workload '" + WORKLOAD + "'; default deny");
  }

  @Test
  void aBatchDenyNamesTheCollectionsAndRules() throws Exception {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.SEARCH, "docs", "hr-payroll"), null));
    assertThat(refused).hasMessage("Vectorguard refused qdrant search on [docs, hr-payroll]: "
        + "on 'hr-payroll': denied by rule 'no-salaries' (nobody reads salaries)");
  }

  @Test
  void anApprovalNeededNamesTheRuleOnceAndTheRequest() throws Exception {
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.DELETE, "docs"), null));
    assertThat(refused).hasMessage("Vectorguard refused qdrant delete on [docs]: "
        + "approval required by rule 'deletes-need-approval'; approval request apr_1: "
        + "waiting for approval by one of [group:dba]");
    assertThat(refused.approvalId()).isEqualTo("apr_1");
  }

  private VectorGuard scripted(Policy policy) {
    return VectorGuard.builder(policy).workload(Workload.configured(WORKLOAD)).auditSink(audit)
        .tokenSource(request -> dev.vectorguard.token.Credential.of(
            dev.vectorguard.token.CredentialKind.STATIC, "k-secret", null, null))
        .build();
  }

  private static final Decision DENY = Decision.deny(List.of("no"), "denied by rule 'no'", "test");
  private static final Decision ALLOW = Decision.allow(Obligations.NONE, List.of("yes"), "allowed by rule 'yes'",
      "test");

  @Test
  void aPolicyThatReturnsNoDecisionRefusesTheCallAndIsAudited() {
    VectorGuard guard = scripted(new Scripted(null, PolicyMode.ENFORCE));
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.DECIDE);
    assertThat(failure).hasMessage("Vectorguard refused qdrant search on [docs]: the policy could not be "
        + "evaluated: it returned no decision");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).isEmpty();
  }

  @Test
  void aPolicyThatReturnsNoDecisionRefusesEvenInMonitorMode() {
    VectorGuard guard = scripted(new Scripted(null, PolicyMode.MONITOR));
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.DECIDE);
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void aPolicyWithoutAModeIsEnforcedNotMonitored() {
    VectorGuard guard = scripted(new Scripted(DENY, null));
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(refused).as("only an explicit monitor mode lets a deny through").isNotNull();
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).isEmpty();
  }

  @Test
  void aPolicyWhoseModeThrowsRefusesTheCallAndIsAudited() {
    VectorGuard guard = scripted(new Policy() {
      @Override
      public Decision decide(Identity identity, VectorCall call) {
        return ALLOW;
      }

      @Override
      public String version() {
        return "test";
      }

      @Override
      public PolicyMode mode() {
        throw new IllegalStateException("no policy loaded yet");
      }
    });
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.DECIDE);
    assertThat(failure).hasMessageStartingWith("Vectorguard refused qdrant search on [docs]: the policy could not "
        + "be evaluated: java.lang.IllegalStateException: no policy loaded yet");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void anUncheckedTokenSourceFailureDoesNotRepeatItsMessage() {
    VectorGuard guard = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE))
        .workload(Workload.configured(WORKLOAD)).auditSink(audit)
        .tokenSource(request -> {
          throw new IllegalStateException("login failed for client_secret=s3cr3t");
        })
        .build();
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.TOKEN);
    assertThat(failure).hasMessage("Vectorguard refused qdrant search on [docs]: no valid credential: "
        + "the token source failed with java.lang.IllegalStateException");
    assertThat(failure.getCause()).hasMessageContaining("s3cr3t");
    assertThat(audit.events().toString()).doesNotContain("s3cr3t");
  }

  @Test
  void aTokenSourceThatReturnsNoCredentialRefusesTheCall() {
    VectorGuard guard = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE))
        .workload(Workload.configured(WORKLOAD)).auditSink(audit).tokenSource(request -> null).build();
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.TOKEN);
    assertThat(failure).hasMessage("Vectorguard refused qdrant search on [docs]: no valid credential: "
        + "the token source returned none");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).isEmpty();
  }

  @Test
  void refuseReturnsTheIdentityFailureInsteadOfThrowingIt() {
    VectorGuard guard = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE)).auditSink(audit)
        .workload(() -> {
          throw new IllegalStateException("token file missing");
        })
        .build();
    GuardFailureException returned = guard.refuse(GuardFailureException.Cause.PARSE, "POST /collections/x",
        null, "the body is not JSON", null);
    assertThat(returned.failure()).isEqualTo(GuardFailureException.Cause.IDENTITY);
    assertThat(returned).hasMessage("Vectorguard refused the call: the workload identity could not be "
        + "established: token file missing");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void aWorkloadSupplierThatReturnsNothingRefusesTheCall() {
    VectorGuard guard = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE)).auditSink(audit)
        .workload(() -> null)
        .build();
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> guard.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.IDENTITY);
    assertThat(failure).hasMessage("Vectorguard refused the call: the workload identity could not be "
        + "established: the workload supplier returned none");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void aCraftedCollectionNameCannotBreakTheRefusalIntoSeveralLinesOrFloodIt() throws Exception {
    String crafted = "docs\nINFO all calls allowed\u2028" + "x".repeat(5000);
    CallRefusedException refused = catchThrowableOfType(CallRefusedException.class,
        () -> guard().begin(call(Operation.UPSERT, crafted), null));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).doesNotContain("\n").doesNotContain("\u2028")
        .startsWith("Vectorguard refused qdrant upsert on [docs\\nINFO all calls allowed\\u2028xxx")
        .contains("... (5028 characters)]: no rule matched");
    assertThat(refused.getMessage().length()).isLessThan(1000);
  }

  @Test
  void aCraftedEndpointCannotBreakARefusalIntoSeveralLines() throws Exception {
    GuardFailureException failure = guard().refuse(GuardFailureException.Cause.CLASSIFY,
        "POST /collections/x\r\nAudit: ok", null, "unknown endpoint", null);
    assertThat(failure).hasMessage("Vectorguard refused POST /collections/x\\r\\nAudit: ok: unknown endpoint");
  }

  @Test
  void aCallOnVeryManyCollectionsIsDescribedBriefly() throws Exception {
    String[] many = new String[500];
    for (int i = 0; i < many.length; i++) {
      many[i] = "c" + i;
    }
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> scripted(new Scripted(null, PolicyMode.ENFORCE)).begin(call(Operation.SEARCH, many), null));
    assertThat(failure).hasMessageStartingWith("Vectorguard refused qdrant search on [c0, c1, c2, c3, c4, c5, c6, c7, "
        + "c8, c9, ... (500 collections)]: the policy could not be evaluated");
  }

  @Test
  void aCallLetThroughByAGrantRecordsWhoGrantedIt() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY, "refusals.yaml");
    VectorGuard guard = VectorGuard.builder(policy).workload(Workload.configured(WORKLOAD)).auditSink(audit)
        .approvals(request -> ApprovalStatus.granted("apr_1", "granted by user:bob"))
        .build();
    GuardedCall call = guard.begin(call(Operation.DELETE, "docs"), null);
    AuditEvent started = audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.callId()).isEqualTo(call.callId());
    assertThat(started.get("decision.approval_id")).isEqualTo("apr_1");
    assertThat(started.get("decision.approval")).isEqualTo("granted by user:bob");
  }

  @Test
  void aRefusalForWantOfApprovalRecordsTheRequestStatus() throws Exception {
    catchThrowableOfType(CallRefusedException.class, () -> guard().begin(call(Operation.DELETE, "docs"), null));
    AuditEvent refused = audit.ofType(AuditEvent.CALL_REFUSED).get(0);
    assertThat(refused.get("decision.approval_id")).isEqualTo("apr_1");
    assertThat(refused.get("decision.approval")).isEqualTo("waiting for approval by one of [group:dba]");
  }

  @Test
  void anAuditSinkThrowingAnErrorIsAnAuditFailureNotACrash() {
    dev.vectorguard.audit.AuditSink broken = event -> {
      throw new AssertionError("sink bug");
    };
    VectorGuard required = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE))
        .workload(Workload.configured(WORKLOAD)).auditSink(broken).build();
    GuardFailureException failure = catchThrowableOfType(GuardFailureException.class,
        () -> required.begin(call(Operation.SEARCH, "docs"), null));
    assertThat(failure).isNotNull();
    assertThat(failure.failure()).isEqualTo(GuardFailureException.Cause.AUDIT);

    VectorGuard bestEffort = VectorGuard.builder(new Scripted(ALLOW, PolicyMode.ENFORCE))
        .workload(Workload.configured(WORKLOAD)).auditSink(broken)
        .auditMode(dev.vectorguard.audit.AuditMode.BEST_EFFORT).build();
    GuardedCall call = bestEffort.begin(call(Operation.SEARCH, "docs"), null);
    assertThat(call.complete(CallOutcome.ok("200").build())).isTrue();
    assertThat(bestEffort.auditFailures()).isEqualTo(2);
  }

  @Test
  void aGuardedCallShowsCraftedCollectionNamesOnOneLine() {
    GuardedCall call = scripted(new Scripted(ALLOW, PolicyMode.ENFORCE))
        .begin(call(Operation.SEARCH, "docs\nforged line"), null);
    assertThat(call.toString()).doesNotContain("\n")
        .isEqualTo("GuardedCall{" + call.callId() + ", qdrant search [docs\\nforged line], allow}");
  }

  /** A policy whose decide and mode answers are given by the test. */
  record Scripted(Decision decision, PolicyMode mode) implements Policy {
    @Override
    public Decision decide(Identity identity, VectorCall call) {
      return decision;
    }

    @Override
    public String version() {
      return "test";
    }
  }
}
