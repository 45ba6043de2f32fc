package dev.vectorguard.benchmarks;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
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
  private Identity[] identities;
  private VectorCall[] calls;
  private Policy vectorguard;
  private Enforcer enforcer;
  private Enforcer patternEnforcer;
  private int next;

  @Setup
  public void setUp() throws PolicyValidationException {
    GeneratedPolicy policy = GeneratedPolicy.of(WORKLOADS, TENANTS);
    List<GeneratedPolicy.Request> list = policy.requests(REQUESTS, SEED);
    requests = list.toArray(GeneratedPolicy.Request[]::new);
    identities = list.stream().map(GeneratedPolicy.Request::identity).toArray(Identity[]::new);
    calls = list.stream().map(GeneratedPolicy.Request::call).toArray(VectorCall[]::new);
    vectorguard = PolicyLoader.parse(policy.yaml(), "generated-50x200.yaml");
    enforcer = CasbinPolicy.enforcer(policy, TENANTS, false);
    patternEnforcer = CasbinPolicy.enforcer(policy, TENANTS, true);
  }

  /** Vectorguard's compiled policy: the identity and the classified call are built once, as adapters do per call. */
  @Benchmark
  public Decision vectorguard() {
    int i = next++ & (REQUESTS - 1);
    return vectorguard.decide(identities[i], calls[i]);
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
