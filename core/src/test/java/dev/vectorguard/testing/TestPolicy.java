package dev.vectorguard.testing;

import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * A small programmatic policy for adapter tests, with the semantics of the policy language: a
 * matching deny wins, otherwise matching allows are merged, otherwise deny by default. An allow
 * rule whose obligations function returns {@code null} does not match (as a rule whose template
 * cannot be filled).
 */
public final class TestPolicy implements Policy {
  record Rule(String id, BiPredicate<Identity, VectorCall> when, Effect effect,
      BiFunction<Identity, VectorCall, Obligations> obligations) {}

  private final List<Rule> rules;
  private final PolicyMode mode;

  private TestPolicy(List<Rule> rules, PolicyMode mode) {
    this.rules = List.copyOf(rules);
    this.mode = mode;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Decision decide(Identity identity, VectorCall call) {
    List<String> allowed = new ArrayList<>();
    Obligations obligations = Obligations.NONE;
    for (Rule rule : rules) {
      if (!rule.when().test(identity, call)) {
        continue;
      }
      if (rule.effect() == Effect.DENY) {
        return Decision.deny(List.of(rule.id()), "denied by " + rule.id(), version());
      }
      Obligations these = rule.obligations().apply(identity, call);
      if (these != null) {
        allowed.add(rule.id());
        obligations = obligations.merge(these);
      }
    }
    if (allowed.isEmpty()) {
      return Decision.deny(List.of(), "no rule matched", version());
    }
    return Decision.allow(obligations, allowed, "allowed by " + allowed, version());
  }

  @Override
  public String version() {
    return "test-1";
  }

  @Override
  public PolicyMode mode() {
    return mode;
  }

  /** Builds a {@link TestPolicy}. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private PolicyMode mode = PolicyMode.ENFORCE;

    public Builder allow(String id, BiPredicate<Identity, VectorCall> when) {
      return allow(id, when, (identity, call) -> Obligations.NONE);
    }

    public Builder allow(String id, BiPredicate<Identity, VectorCall> when,
        BiFunction<Identity, VectorCall, Obligations> obligations) {
      rules.add(new Rule(id, when, Effect.ALLOW, obligations));
      return this;
    }

    public Builder deny(String id, BiPredicate<Identity, VectorCall> when) {
      rules.add(new Rule(id, when, Effect.DENY, (identity, call) -> Obligations.NONE));
      return this;
    }

    public Builder mode(PolicyMode mode) {
      this.mode = mode;
      return this;
    }

    public TestPolicy build() {
      return new TestPolicy(rules, mode);
    }
  }
}
