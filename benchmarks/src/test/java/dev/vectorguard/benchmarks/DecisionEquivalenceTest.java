package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.junit.jupiter.api.Test;

/** The decision benchmark compares like with like: both engines decide every request alike. */
class DecisionEquivalenceTest {
  private final GeneratedPolicy policy = GeneratedPolicy.of(DecisionBenchmark.WORKLOADS, DecisionBenchmark.TENANTS);
  private final List<GeneratedPolicy.Request> requests =
      policy.requests(DecisionBenchmark.REQUESTS, DecisionBenchmark.SEED);

  @Test
  void generatesTheIssuesPolicySize() {
    assertThat(policy.workloads()).isEqualTo(50);
    assertThat(policy.collections()).isEqualTo(200);
    assertThat(policy.rules()).hasSize(117);
  }

  @Test
  void requestsMixAllowsAndDenies() {
    long allowed = requests.stream().filter(r -> ReferenceDecider.allows(policy, r)).count();
    assertThat(allowed).isBetween(400L, 800L);
  }

  @Test
  void vectorguardDecidesLikeTheReference() throws Exception {
    Policy compiled = PolicyLoader.parse(policy.yaml(), "generated.yaml");
    for (GeneratedPolicy.Request request : requests) {
      assertThat(compiled.decide(request.identity(), request.call()).allowed())
          .as("%s", request)
          .isEqualTo(ReferenceDecider.allows(policy, request));
    }
  }

  @Test
  void scalePoliciesLoadUpToTenThousandRules() throws Exception {
    GeneratedPolicy largest = GeneratedPolicy.withAboutRules(10_000, DecisionBenchmark.TENANTS);
    assertThat(largest.rules()).hasSizeBetween(9_900, 10_100);
    CompiledPolicy compiled = PolicyLoader.parse(largest.yaml(), "generated-10000.yaml");
    assertThat(compiled.ruleCount()).isEqualTo(largest.rules().size());
    for (GeneratedPolicy.Request request : largest.requests(256, 7)) {
      assertThat(compiled.decide(request.identity(), request.call()).allowed())
          .as("%s", request)
          .isEqualTo(ReferenceDecider.allows(largest, request));
    }
  }

  @Test
  void jcasbinDecidesLikeTheReference() {
    Enforcer enforcer = CasbinPolicy.enforcer(policy, DecisionBenchmark.TENANTS, false);
    for (GeneratedPolicy.Request request : requests) {
      assertThat(CasbinPolicy.enforce(enforcer, request))
          .as("%s", request)
          .isEqualTo(ReferenceDecider.allows(policy, request));
    }
  }

  @Test
  void jcasbinWithRolePatternsDecidesLikeTheReference() {
    Enforcer enforcer = CasbinPolicy.enforcer(policy, DecisionBenchmark.TENANTS, true);
    // casbin's role pattern matching takes milliseconds per request: check every 32nd
    for (int i = 0; i < requests.size(); i += 32) {
      GeneratedPolicy.Request request = requests.get(i);
      assertThat(CasbinPolicy.enforce(enforcer, request))
          .as("%s", request)
          .isEqualTo(ReferenceDecider.allows(policy, request));
    }
  }
}
