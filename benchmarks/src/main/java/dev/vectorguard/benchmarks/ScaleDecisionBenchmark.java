package dev.vectorguard.benchmarks;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue item 7: decision time as the generated policy grows from about 10 to about 10,000 rules
 * (workloads and collections grow with it; see {@link GeneratedPolicy#withAboutRules}), on 1024
 * requests of the same mix as {@link DecisionBenchmark}.
 */
@State(Scope.Thread)
public class ScaleDecisionBenchmark {
  @Param({"10", "100", "1000", "10000"})
  public int rules;

  private Identity[] identities;
  private VectorCall[] calls;
  private Policy policy;
  private int next;

  @Setup
  public void setUp() throws PolicyValidationException {
    GeneratedPolicy generated = GeneratedPolicy.withAboutRules(rules, DecisionBenchmark.TENANTS);
    List<GeneratedPolicy.Request> list = generated.requests(DecisionBenchmark.REQUESTS, DecisionBenchmark.SEED);
    identities = list.stream().map(GeneratedPolicy.Request::identity).toArray(Identity[]::new);
    calls = list.stream().map(GeneratedPolicy.Request::call).toArray(VectorCall[]::new);
    policy = PolicyLoader.parse(generated.yaml(), "generated-" + rules + ".yaml");
  }

  @Benchmark
  public Decision decide() {
    int i = next++ & (DecisionBenchmark.REQUESTS - 1);
    return policy.decide(identities[i], calls[i]);
  }
}
