package dev.vectorguard.grpc;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Scope;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small policy for adapter tests: rules on collections and a maximum access level, deny beats
 * approve beats allow, no match denies; a rule with a tenant field allows only actors with a
 * tenant and adds a tenant filter for it.
 */
final class TestPolicy implements Policy {
  record Rule(String id, Effect effect, Set<String> collections, AccessLevel upTo, Obligations obligations,
      @Nullable String tenantField) {}

  private final List<Rule> rules;

  private TestPolicy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public Decision decide(Identity identity, VectorCall call) {
    List<Rule> matching = rules.stream().filter(r -> matches(r, identity, call)).toList();
    List<Rule> deny = matching.stream().filter(r -> r.effect() == Effect.DENY).toList();
    if (!deny.isEmpty()) {
      return Decision.deny(ids(deny), "denied by " + ids(deny), version());
    }
    List<Rule> approve = matching.stream().filter(r -> r.effect() == Effect.APPROVE).toList();
    if (!approve.isEmpty()) {
      return new Decision.NeedsApproval(Obligations.NONE, ids(approve), "needs approval", version(),
          List.of("group:dba"), Duration.ofMinutes(15), true);
    }
    List<Rule> allow = matching.stream().filter(r -> r.effect() == Effect.ALLOW).toList();
    if (allow.isEmpty()) {
      return Decision.deny(List.of(), "no rule matched", version());
    }
    Obligations merged = Obligations.NONE;
    for (Rule r : allow) {
      Obligations ob = r.obligations();
      if (r.tenantField() != null) {
        ob = ob.merge(Obligations.builder()
            .tenantFilter(new TenantFilter(r.tenantField(), identity.attribute("actor.tenant"))).build());
      }
      merged = merged.merge(ob);
    }
    return Decision.allow(merged, ids(allow), "allowed by " + ids(allow), version());
  }

  private static boolean matches(Rule r, Identity identity, VectorCall call) {
    if (r.tenantField() != null && identity.attribute("actor.tenant") == null) {
      return false;
    }
    boolean any = r.collections().contains("*");
    if (call.scope() != Scope.COLLECTION && !any) {
      return false;
    }
    // Allowing needs every collection the call touches; denying, any of them.
    boolean collections = any || (r.effect() == Effect.DENY
        ? call.collections().stream().anyMatch(r.collections()::contains)
        : r.collections().containsAll(call.collections()));
    return collections && r.upTo().atLeast(call.access());
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }

  @Override
  public String version() {
    return "test-1";
  }

  @Override
  public PolicyMode mode() {
    return PolicyMode.ENFORCE;
  }

  static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    Builder allow(String id, Set<String> collections, AccessLevel upTo, Obligations obligations) {
      rules.add(new Rule(id, Effect.ALLOW, collections, upTo, obligations, null));
      return this;
    }

    Builder allowTenant(String id, Set<String> collections, AccessLevel upTo, Obligations obligations, String field) {
      rules.add(new Rule(id, Effect.ALLOW, collections, upTo, obligations, field));
      return this;
    }

    Builder deny(String id, Set<String> collections) {
      rules.add(new Rule(id, Effect.DENY, collections, AccessLevel.ADMIN, Obligations.NONE, null));
      return this;
    }

    Builder approve(String id, Set<String> collections, AccessLevel upTo) {
      rules.add(new Rule(id, Effect.APPROVE, collections, upTo, Obligations.NONE, null));
      return this;
    }

    TestPolicy build() {
      return new TestPolicy(rules);
    }
  }
}
