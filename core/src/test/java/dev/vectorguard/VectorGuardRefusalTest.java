package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.InMemoryAuditSink;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyMode;
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
