package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import org.junit.jupiter.api.Test;

/** The overhead benchmarks measure a guard that really filters and masks. */
class BenchGuardTest {

  @Test
  void qdrantGuardAllowsTheActorWithTenantFilterAndThreeMasks() throws Exception {
    try (BenchGuard bench = BenchGuard.qdrant("docs")) {
      Decision decision = bench.guard().decide(bench.guard().identify(BenchGuard.ACTOR),
          VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs").build());
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      Decision.Allow allow = (Decision.Allow) decision;
      assertThat(allow.obligations().tenantFilters()).extracting(f -> f.field() + "=" + f.value())
          .containsExactly("tenant_id=acme");
      assertThat(allow.obligations().maskRules()).containsExactlyInAnyOrder(MaskRule.of("email", MaskAction.REDACT),
          MaskRule.of("customer.ssn", MaskAction.HASH), new MaskRule("card", MaskAction.PARTIAL, 4));
      assertThat(allow.obligations().stripVectors()).isTrue();
    }
  }

  @Test
  void chromaGuardDeniesOtherCollections() throws Exception {
    try (BenchGuard bench = BenchGuard.chroma("docs")) {
      Decision decision = bench.guard().decide(bench.guard().identify(BenchGuard.ACTOR),
          VectorCall.builder(Backend.CHROMA, Operation.QUERY).collection("other").build());
      assertThat(decision).isInstanceOf(Decision.Deny.class);
    }
  }
}
