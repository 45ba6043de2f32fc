package dev.vectorguard.benchmarks;

import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue item 1: one access decision, warm, for the generated 50-workload × 200-collection policy,
 * by Vectorguard's policy engine and by jCasbin (RBAC with domains, equivalent model), on the same
 * 1024 requests cycled in order. {@code DecisionEquivalenceTest} proves both engines decide every
 * request alike.
 */
@State(Scope.Thread)
public class DecisionBenchmark {
  static final int WORKLOADS = 50;
  static final int TENANTS = 20;
  static final int REQUESTS = 1024;
  static final long SEED = 42;

  private GeneratedPolicy.Request[] requests;
  private Enforcer enforcer;
  private Enforcer patternEnforcer;
  private int next;

  @Setup
  public void setUp() {
    GeneratedPolicy policy = GeneratedPolicy.of(WORKLOADS, TENANTS);
    List<GeneratedPolicy.Request> list = policy.requests(REQUESTS, SEED);
    requests = list.toArray(GeneratedPolicy.Request[]::new);
    enforcer = CasbinPolicy.enforcer(policy, TENANTS, false);
    patternEnforcer = CasbinPolicy.enforcer(policy, TENANTS, true);
  }

  /** jCasbin in its fastest configuration: workload globs expanded, role lookups by hash. */
  @Benchmark
  public boolean jcasbin() {
    GeneratedPolicy.Request request = requests[next++ & (REQUESTS - 1)];
    return CasbinPolicy.enforce(enforcer, request);
  }

  /** jCasbin matching workload globs itself, with its role pattern matching ({@code keyMatch}). */
  @Benchmark
  public boolean jcasbinPatterns() {
    GeneratedPolicy.Request request = requests[next++ & (REQUESTS - 1)];
    return CasbinPolicy.enforce(patternEnforcer, request);
  }
}
