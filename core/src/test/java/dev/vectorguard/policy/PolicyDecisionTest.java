package dev.vectorguard.policy;

import static dev.vectorguard.policy.Fixtures.OPS;
import static dev.vectorguard.policy.Fixtures.RAG;
import static dev.vectorguard.policy.Fixtures.call;
import static dev.vectorguard.policy.Fixtures.rules;
import static dev.vectorguard.policy.Fixtures.tenant;
import static dev.vectorguard.policy.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

  @Test
  void nothingMatchingIsADefaultDenyThatSaysSo() {
    CompiledPolicy policy = rules("""
          - id: other
            when: { workload: "spiffe://acme.io/ns/prod/sa/other" }
            effect: allow
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "docs"));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.rules()).isEmpty();
    assertThat(decision.reason()).isEqualTo("no rule matched qdrant search (read) on collection 'docs' for workload '"
        + RAG + "'; default deny");
    assertThat(decision.policyVersion()).isEqualTo(policy.version());
  }

  @Test
  void aPolicyWithoutRulesDeniesEverything() {
    CompiledPolicy policy = Fixtures.policy("version: 1\nrules: []\n");
    assertThat(policy.decide(workload(RAG), call(Operation.HEALTH)).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void aMatchingDenyBeatsEveryAllowAndApprove() {
    CompiledPolicy policy = rules("""
          - id: allow-all
            effect: allow
          - id: ops-approval
            effect: approve
            approval: { approvers: [group:dba], ttl: 15m }
          - id: no-hr
            description: nobody reads HR
            collections: ["hr-*"]
            effect: deny
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "hr-salaries"));
    assertThat(decision).isEqualTo(Decision.deny(List.of("no-hr"), "denied by rule 'no-hr' (nobody reads HR)",
        policy.version()));
  }

  @Test
  void twoMatchingDeniesAreBothNamed() {
    CompiledPolicy policy = rules("""
          - id: d1
            effect: deny
          - id: d2
            collections: ["*"]
            effect: deny
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "docs"));
    assertThat(decision.rules()).containsExactly("d1", "d2");
    assertThat(decision.reason()).isEqualTo("denied by rules 'd1', 'd2'");
  }

  @Test
  void approveBeatsAllowAndCarriesTheMergedObligations() {
    CompiledPolicy policy = rules("""
          - id: reads
            effect: allow
            obligations: { max_results: 10, vectors: strip }
          - id: writes-need-approval
            actions: [write]
            effect: approve
            approval: { approvers: ["group:dba"], ttl: 15m, single_use: false }
            obligations: { max_results: 5 }
          - id: writes-need-security-too
            operations: [delete]
            effect: approve
            approval: { approvers: ["group:security", "group:dba"], ttl: 5m }
        """);
    Decision decision = policy.decide(workload(OPS), call(Operation.DELETE, "docs"));
    assertThat(decision).isInstanceOf(Decision.NeedsApproval.class);
    Decision.NeedsApproval approval = (Decision.NeedsApproval) decision;
    assertThat(approval.rules()).containsExactly("reads", "writes-need-approval", "writes-need-security-too");
    assertThat(approval.reason()).isEqualTo(
        "approval required by rules 'writes-need-approval', 'writes-need-security-too'; allowed by rule 'reads'");
    assertThat(approval.obligations().maxResults()).isEqualTo(5);
    assertThat(approval.obligations().stripVectors()).isTrue();
    assertThat(approval.approvers()).containsExactly("group:dba", "group:security");
    assertThat(approval.grantTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(approval.singleUse()).isTrue();

    Decision upsert = policy.decide(workload(OPS), call(Operation.UPSERT, "docs"));
    assertThat(upsert).isInstanceOf(Decision.NeedsApproval.class);
    assertThat(((Decision.NeedsApproval) upsert).singleUse()).isFalse();
    assertThat(((Decision.NeedsApproval) upsert).grantTtl()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void allowMergesTheObligationsOfEveryMatchingAllowToTheMostRestrictive() {
    CompiledPolicy policy = rules("""
          - id: broad
            collections: ["*"]
            effect: allow
            obligations:
              max_results: 50
              vectors: keep
              mask: [{ field: email, with: partial, keep: 3 }, { field: notes, with: detect-pii }]
              output_fields: [title, email, notes]
          - id: docs
            collections: ["docs"]
            effect: allow
            obligations:
              max_results: 10
              vectors: strip
              mask: [{ field: email, with: hash }]
              output_fields: [title, notes, body]
              filter_listings: true
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "docs"));
    assertThat(decision).isInstanceOf(Decision.Allow.class);
    assertThat(decision.rules()).containsExactly("broad", "docs");
    assertThat(decision.reason()).isEqualTo("allowed by rules 'broad', 'docs'");
    Obligations obligations = ((Decision.Allow) decision).obligations();
    assertThat(obligations.maxResults()).isEqualTo(10);
    assertThat(obligations.stripVectors()).isTrue();
    assertThat(obligations.maskRules()).containsExactlyInAnyOrder(
        MaskRule.of("email", MaskAction.HASH), MaskRule.of("notes", MaskAction.DETECT_PII));
    assertThat(obligations.allowedOutputFields()).containsExactlyInAnyOrder("title", "notes");
    assertThat(obligations.filterListings()).isTrue();
  }

  @Test
  void aSingleAllowKeepsItsObligationsAndReason() {
    CompiledPolicy policy = rules("""
          - id: docs
            collections: ["docs"]
            effect: allow
            obligations: { max_results: 7, mask: [{ field: phone, with: partial }] }
        """);
    Decision decision = policy.decide(workload(RAG), call(Operation.SEARCH, "docs"));
    assertThat(decision).isEqualTo(Decision.allow(Obligations.builder().maxResults(7)
        .mask(new MaskRule("phone", MaskAction.PARTIAL, 4)).build(), List.of("docs"), "allowed by rule 'docs'",
        policy.version()));
  }

  @Test
  void conflictingTenantValuesDenyAndNameTheRules() {
    CompiledPolicy policy = rules("""
          - id: own-tenant
            effect: allow
            obligations: { tenant_filter: { field: tenant_id, value: "${actor.tenant}" } }
          - id: shared-tenant
            collections: ["docs"]
            effect: allow
            obligations: { tenant_filter: { field: tenant_id, value: shared } }
          - id: region
            effect: allow
            obligations: { tenant_filter: { field: region, value: eu } }
        """);
    Decision decision = policy.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "docs"));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.rules()).containsExactly("own-tenant", "shared-tenant");
    assertThat(decision.reason()).isEqualTo(
        "rules 'own-tenant', 'shared-tenant' require different values ['acme', 'shared'] of tenant field 'tenant_id'; denied");

    Decision elsewhere = policy.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "kb"));
    assertThat(((Decision.Allow) elsewhere).obligations().tenantFilters())
        .containsExactly(new TenantFilter("tenant_id", "acme"), new TenantFilter("region", "eu"));
  }

  @Test
  void actionsAreExactMembershipOfTheCallsAccessLevel() {
    CompiledPolicy policy = rules("""
          - id: reads
            actions: [read]
            effect: allow
        """);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "docs")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(policy.decide(workload(RAG), call(Operation.UPSERT, "docs")).effect()).isEqualTo(Effect.DENY);
    // A dialect may classify a search more strictly (it would create something); read no longer covers it.
    VectorCall stricter = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
        .access(AccessLevel.WRITE).build();
    assertThat(policy.decide(workload(RAG), stricter).effect()).isEqualTo(Effect.DENY);
    // Nor does read cover "none": a health probe needs its own rule.
    assertThat(policy.decide(workload(RAG), call(Operation.HEALTH)).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void operationsBackendsAndDatabases() {
    CompiledPolicy policy = rules("""
          - id: milvus-search
            backends: [milvus]
            databases: ["prod_*"]
            operations: [search, query]
            effect: allow
        """);
    VectorCall milvus = VectorCall.builder(Backend.MILVUS, Operation.QUERY).collection("docs")
        .database("prod_eu").build();
    assertThat(policy.decide(workload(RAG), milvus).effect()).isEqualTo(Effect.ALLOW);
    VectorCall otherDb = VectorCall.builder(Backend.MILVUS, Operation.QUERY).collection("docs")
        .database("dev").build();
    assertThat(policy.decide(workload(RAG), otherDb).effect()).isEqualTo(Effect.DENY);
    VectorCall noDb = VectorCall.builder(Backend.MILVUS, Operation.QUERY).collection("docs").build();
    assertThat(policy.decide(workload(RAG), noDb).effect()).isEqualTo(Effect.DENY);
    VectorCall qdrant = VectorCall.builder(Backend.QDRANT, Operation.QUERY).collection("docs")
        .database("prod_eu").build();
    assertThat(policy.decide(workload(RAG), qdrant).effect()).isEqualTo(Effect.DENY);
    VectorCall count = VectorCall.builder(Backend.MILVUS, Operation.COUNT).collection("docs")
        .database("prod_eu").build();
    assertThat(policy.decide(workload(RAG), count).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void collectionsAbsentMatchesEveryCallButPresentNeedsNamedCollections() {
    CompiledPolicy policy = rules("""
          - id: any-collection
            collections: ["*"]
            effect: allow
        """);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "docs")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(policy.decide(workload(RAG), call(Operation.LIST_COLLECTIONS)).effect()).isEqualTo(Effect.DENY);
    VectorCall database = VectorCall.builder(Backend.MILVUS, Operation.LIST_COLLECTIONS).database("db").build();
    assertThat(policy.decide(workload(RAG), database).effect()).isEqualTo(Effect.DENY);

    CompiledPolicy global = rules("""
          - id: listings
            operations: [list_collections]
            effect: allow
        """);
    assertThat(global.decide(workload(RAG), call(Operation.LIST_COLLECTIONS)).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void unknownOperationsAreDeniedUnlessARuleNamesThem() {
    CompiledPolicy policy = rules("""
          - id: everything-known
            actions: [none, read, write, manage]
            effect: allow
        """);
    assertThat(policy.decide(workload(RAG), call(Operation.UNKNOWN, "docs")).effect()).isEqualTo(Effect.DENY);
    CompiledPolicy named = rules("""
          - id: unknown-ok
            operations: [unknown]
            effect: allow
        """);
    assertThat(named.decide(workload(RAG), call(Operation.UNKNOWN, "docs")).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void workloadGlobsStayWithinASegmentUnlessDoubleStar() {
    CompiledPolicy policy = rules("""
          - id: rag
            when: { workload: "spiffe://acme.io/ns/prod/sa/rag-*" }
            effect: allow
          - id: staging
            when: { workload: "spiffe://acme.io/ns/staging/**" }
            effect: allow
        """);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "d")).rules()).containsExactly("rag");
    assertThat(policy.decide(workload("spiffe://acme.io/ns/prod/sa/rag-x/evil"), call(Operation.SEARCH, "d"))
        .effect()).isEqualTo(Effect.DENY);
    assertThat(policy.decide(workload("spiffe://acme.io/ns/staging/sa/a/b"), call(Operation.SEARCH, "d"))
        .rules()).containsExactly("staging");
    assertThat(policy.decide(workload("spiffe://acme.io/ns/prod/sa/rag"), call(Operation.SEARCH, "d"))
        .effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void actorAndClaimConditionsNeedThePresentAttribute() {
    CompiledPolicy policy = rules("""
          - id: tenant-users
            when: { actor.tenant: "*", workload.env: "prod" }
            effect: allow
        """);
    dev.vectorguard.Identity verified = dev.vectorguard.Identity.of(
        dev.vectorguard.Workload.verified(RAG, java.util.Map.of("env", "prod")),
        dev.vectorguard.Actor.builder().tenant("a/b").build());
    assertThat(policy.decide(verified, call(Operation.SEARCH, "d")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(policy.decide(tenant(RAG, "acme"), call(Operation.SEARCH, "d")).effect())
        .as("configured workloads have no env claim").isEqualTo(Effect.DENY);
    dev.vectorguard.Identity noActor = dev.vectorguard.Identity.of(
        dev.vectorguard.Workload.verified(RAG, java.util.Map.of("env", "prod")));
    assertThat(policy.decide(noActor, call(Operation.SEARCH, "d")).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void monitorModeDecidesTheSame() {
    CompiledPolicy policy = Fixtures.policy("""
        version: 1
        mode: monitor
        rules:
          - id: docs
            collections: [docs]
            effect: allow
        """);
    assertThat(policy.mode()).isEqualTo(PolicyMode.MONITOR);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "hr")).effect()).isEqualTo(Effect.DENY);
    assertThat(policy.decide(workload(RAG), call(Operation.SEARCH, "docs")).effect()).isEqualTo(Effect.ALLOW);
    assertThat(rules("  - id: a\n    effect: allow\n").mode()).isEqualTo(PolicyMode.ENFORCE);
  }

  @Test
  void otherPolicyImplementationsExplainWithoutATrace() {
    Decision deny = Decision.deny(List.of(), "custom", "v1");
    Policy custom = new Policy() {
      @Override
      public Decision decide(dev.vectorguard.Identity identity, VectorCall call) {
        return deny;
      }

      @Override
      public String version() {
        return "v1";
      }

      @Override
      public PolicyMode mode() {
        return PolicyMode.ENFORCE;
      }
    };
    assertThat(custom.explain(workload(RAG), call(Operation.SEARCH, "d"))).isEqualTo(new Explanation(deny, List.of()));
    Policy compiled = rules("  - { id: a, effect: allow }\n");
    assertThat(compiled.explain(workload(RAG), call(Operation.SEARCH, "d")).trace()).hasSize(1);
  }

  @Test
  void policyMetadata() {
    CompiledPolicy policy = rules("""
          - id: a
            effect: allow
          - id: b
            effect: deny
        """);
    assertThat(policy.ruleIds()).containsExactly("a", "b");
    assertThat(policy.ruleCount()).isEqualTo(2);
    assertThat(policy.source()).isEqualTo("test.yaml");
    assertThat(policy.toString()).isEqualTo("CompiledPolicy{test.yaml, " + policy.version() + ", enforce, 2 rules}");
    assertThat(Set.copyOf(policy.ruleIds())).hasSize(2);
  }
}
