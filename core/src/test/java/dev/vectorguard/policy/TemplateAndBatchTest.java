package dev.vectorguard.policy;

import static dev.vectorguard.policy.Fixtures.RAG;
import static dev.vectorguard.policy.Fixtures.call;
import static dev.vectorguard.policy.Fixtures.rules;
import static dev.vectorguard.policy.Fixtures.tenant;
import static dev.vectorguard.policy.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateAndBatchTest {
  private static final CompiledPolicy TENANTS = rules("""
        - id: own-tenant-collections
          when: { workload: "spiffe://acme.io/ns/prod/sa/rag-*" }
          collections: ["tenant-${actor.tenant}-*"]
          actions: [read]
          effect: allow
          obligations:
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
            max_results: 20
      """);

  @Test
  void templatesAreFilledFromTheIdentity() {
    Decision decision = TENANTS.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "tenant-acme-docs"));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) decision).obligations().tenantFilters())
        .containsExactly(new TenantFilter("tenant_id", "acme"));
    assertThat(((Decision.Allow) decision).obligations().maxResults()).isEqualTo(20);
    assertThat(TENANTS.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "tenant-globex-docs")).effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void aTemplateThatCannotBeFilledMakesTheRuleNotMatchAndTheTraceSaysSo() {
    Explanation explanation = TENANTS.explain(workload(RAG), call(Operation.SEARCH, "tenant-acme-docs"));
    assertThat(explanation.decision().effect()).isEqualTo(Effect.DENY);
    assertThat(explanation.trace()).containsExactly(new TraceEntry("own-tenant-collections", "tenant-acme-docs",
        false, "template ${actor.tenant} cannot be filled: the identity has no actor.tenant"));
    assertThat(TENANTS.decide(Fixtures.actor(RAG, Map.of("user", "bob")), call(Operation.SEARCH, "tenant--docs"))
        .effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void templateValuesAreMatchedLiterallyNeverAsGlobs() {
    assertThat(TENANTS.decide(tenant(RAG, "*"), call(Operation.SEARCH, "tenant-acme-docs")).effect())
        .isEqualTo(Effect.DENY);
    assertThat(TENANTS.decide(tenant(RAG, "a*"), call(Operation.SEARCH, "tenant-acme-docs")).effect())
        .isEqualTo(Effect.DENY);
    assertThat(TENANTS.decide(tenant(RAG, "a*"), call(Operation.SEARCH, "tenant-a*-docs")).effect())
        .isEqualTo(Effect.ALLOW);
    CompiledPolicy twoWildcards = rules("""
          - id: t
            collections: ["*-${actor.tenant}-*"]
            effect: allow
        """);
    assertThat(twoWildcards.decide(tenant(RAG, "a**"), call(Operation.SEARCH, "x-abc-y")).effect())
        .isEqualTo(Effect.DENY);
    assertThat(twoWildcards.decide(tenant(RAG, "a**"), call(Operation.SEARCH, "x-a**-y")).effect())
        .isEqualTo(Effect.ALLOW);
    assertThat(twoWildcards.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "x-acme-y")).effect())
        .isEqualTo(Effect.ALLOW);
  }

  @Test
  void aTenantValueWithASlashCannotWidenASegmentWildcard() {
    assertThat(TENANTS.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "tenant-acme-docs/x")).effect())
        .isEqualTo(Effect.DENY);
    assertThat(TENANTS.decide(tenant(RAG, "a/b"), call(Operation.SEARCH, "tenant-a/b-docs")).effect())
        .isEqualTo(Effect.ALLOW);
  }

  @Test
  void templatesInDatabases() {
    CompiledPolicy policy = rules("""
          - id: own-database
            databases: ["${actor.tenant}"]
            effect: allow
        """);
    var own = dev.vectorguard.VectorCall.builder(dev.vectorguard.Backend.MILVUS, Operation.QUERY)
        .collection("c").database("acme").build();
    assertThat(policy.decide(tenant(RAG, "acme"), own).effect()).isEqualTo(Effect.ALLOW);
    assertThat(policy.decide(tenant(RAG, "globex"), own).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void batchCallsAreAllowedOnlyWhenEveryCollectionIs() {
    CompiledPolicy policy = rules("""
          - id: docs
            collections: [docs]
            effect: allow
            obligations: { max_results: 10 }
          - id: kb
            collections: ["kb-*"]
            effect: allow
            obligations: { vectors: strip, max_results: 30 }
          - id: ops
            collections: [ops]
            effect: approve
            approval: { approvers: [group:dba], ttl: 1h }
          - id: no-hr
            collections: [hr]
            effect: deny
        """);
    Decision both = policy.decide(workload(RAG), call(Operation.SEARCH, "docs", "kb-eu"));
    assertThat(both).isInstanceOf(Decision.Allow.class);
    assertThat(both.rules()).containsExactly("docs", "kb");
    assertThat(both.reason()).isEqualTo("on 'docs': allowed by rule 'docs'; on 'kb-eu': allowed by rule 'kb'");
    assertThat(((Decision.Allow) both).obligations().maxResults()).isEqualTo(10);
    assertThat(((Decision.Allow) both).obligations().stripVectors()).isTrue();

    Decision oneUnknown = policy.decide(workload(RAG), call(Operation.SEARCH, "docs", "secret"));
    assertThat(oneUnknown).isInstanceOf(Decision.Deny.class);
    assertThat(oneUnknown.rules()).isEmpty();
    assertThat(oneUnknown.reason()).isEqualTo("on 'secret': no rule matched qdrant search (read) on collection "
        + "'secret' for workload '" + RAG + "'; default deny");

    Decision denied = policy.decide(workload(RAG), call(Operation.SEARCH, "hr", "docs", "ops"));
    assertThat(denied).isInstanceOf(Decision.Deny.class);
    assertThat(denied.rules()).containsExactly("no-hr");
    assertThat(denied.reason()).isEqualTo("on 'hr': denied by rule 'no-hr'");

    Decision sameReason = policy.decide(workload(RAG), call(Operation.SEARCH, "kb-eu", "kb-us", "docs"));
    assertThat(sameReason.reason()).isEqualTo("on 'kb-eu', 'kb-us': allowed by rule 'kb'; on 'docs': allowed by rule 'docs'");

    Decision approval = policy.decide(workload(RAG), call(Operation.SEARCH, "docs", "ops"));
    assertThat(approval).isInstanceOf(Decision.NeedsApproval.class);
    assertThat(approval.rules()).containsExactly("docs", "ops");
    assertThat(((Decision.NeedsApproval) approval).obligations().maxResults()).isEqualTo(10);
    assertThat(((Decision.NeedsApproval) approval).approvers()).containsExactly("group:dba");
  }

  @Test
  void batchCallsWhoseCollectionsNeedDifferentTenantsAreDenied() {
    CompiledPolicy policy = rules("""
          - id: a
            collections: [a]
            effect: allow
            obligations: { tenant_filter: { field: tenant_id, value: one } }
          - id: b
            collections: [b]
            effect: allow
            obligations: { tenant_filter: { field: tenant_id, value: two } }
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "a", "b"));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.rules()).containsExactly("a", "b");
    assertThat(decision.reason()).startsWith("the collections of this call need different values ['one', 'two'] of "
        + "tenant field 'tenant_id'");
  }

  @Test
  void explainTracesEveryRulePerCollectionWithTheFirstFailingCondition() {
    CompiledPolicy policy = rules("""
          - id: milvus-only
            backends: [milvus]
            effect: allow
          - id: writes
            operations: [upsert]
            effect: allow
          - id: reads
            actions: [read]
            when: { workload: "spiffe://acme.io/ns/prod/sa/other" }
            effect: allow
          - id: needs-db
            databases: ["x"]
            effect: allow
          - id: docs
            collections: [docs]
            effect: allow
          - id: needs-actor
            when: { actor.tenant: "*" }
            effect: allow
        """);
    Explanation explanation = policy.explain(workload(RAG), call(Operation.SEARCH, "docs", "kb"));
    assertThat(explanation.decision()).isEqualTo(policy.decide(workload(RAG), call(Operation.SEARCH, "docs", "kb")));
    assertThat(explanation.trace().stream().map(TraceEntry::toString).toList()).containsExactly(
        "rule 'milvus-only' on 'docs' did not match: backend qdrant is not one of [milvus]",
        "rule 'writes' on 'docs' did not match: operation search is not one of [upsert]",
        "rule 'reads' on 'docs' did not match: workload '" + RAG + "' does not match 'spiffe://acme.io/ns/prod/sa/other'",
        "rule 'needs-db' on 'docs' did not match: the call names no database; the rule needs one of [x]",
        "rule 'docs' on 'docs' matched: matched: effect allow",
        "rule 'needs-actor' on 'docs' did not match: actor.tenant is absent, but the rule needs '*'",
        "rule 'milvus-only' on 'kb' did not match: backend qdrant is not one of [milvus]",
        "rule 'writes' on 'kb' did not match: operation search is not one of [upsert]",
        "rule 'reads' on 'kb' did not match: workload '" + RAG + "' does not match 'spiffe://acme.io/ns/prod/sa/other'",
        "rule 'needs-db' on 'kb' did not match: the call names no database; the rule needs one of [x]",
        "rule 'docs' on 'kb' did not match: collection 'kb' matches none of [docs]",
        "rule 'needs-actor' on 'kb' did not match: actor.tenant is absent, but the rule needs '*'");
    assertThat(explanation.decision().effect()).isEqualTo(Effect.DENY);

    Explanation global = policy.explain(workload(RAG), call(Operation.LIST_COLLECTIONS));
    assertThat(global.trace().get(4)).isEqualTo(new TraceEntry("docs", null, false,
        "the call names no collection; the rule applies only to collections [docs]"));
    assertThat(global.trace().get(1).toString())
        .isEqualTo("rule 'writes' did not match: operation list_collections is not one of [upsert]");
  }

  @Test
  void valuesFromTheCallCannotBreakAReasonOrTraceLine() {
    CompiledPolicy policy = rules("""
          - id: docs
            collections: [docs]
            effect: allow
        """);
    String crafted = "docs\nallowed by rule 'admin'\u2028" + "x".repeat(300);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, crafted));
    assertThat(decision.reason()).doesNotContain("\n").doesNotContain("\u2028")
        .startsWith("no rule matched qdrant search (read) on collection 'docs\\nallowed by rule 'admin'\\u2028xxx")
        .contains("... (329 characters) for workload");
    assertThat(policy.explain(workload(RAG), call(Operation.SEARCH, crafted)).trace().get(0).detail())
        .doesNotContain("\n").endsWith("... (329 characters) matches none of [docs]");
  }

  @Test
  void explainReportsTheActualValueThatFailedAGlob() {
    CompiledPolicy policy = rules("""
          - id: acme-only
            when: { actor.tenant: "acme-*" }
            effect: allow
        """);
    assertThat(policy.explain(tenant(RAG, "globex"), call(Operation.SEARCH, "d")).trace().get(0).detail())
        .isEqualTo("actor.tenant 'globex' does not match 'acme-*'");
    assertThat(List.of(policy.explain(tenant(RAG, "acme-1"), call(Operation.SEARCH, "d")).decision().effect()))
        .containsExactly(Effect.ALLOW);
  }
}
