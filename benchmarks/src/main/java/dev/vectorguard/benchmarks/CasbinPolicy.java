package dev.vectorguard.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.BuiltInFunctions;

/**
 * The {@link GeneratedPolicy} as a jCasbin RBAC-with-domains model: each rule is a role, the
 * workload holds it in every tenant's domain, and the request's domain is the actor's tenant. Template rules ({@code tenant-${actor.tenant}-*}) have no casbin equivalent, so
 * they are expanded into one domain-specific policy line per tenant, which is how RBAC with domains
 * models tenants. Globs are prefix globs, matched with casbin's {@code keyMatch}, its cheapest
 * wildcard matcher; deny rules use casbin's allow-and-not-deny effect.
 */
final class CasbinPolicy {
  static final String MODEL = """
      [request_definition]
      r = sub, dom, obj, act

      [policy_definition]
      p = sub, dom, obj, act, eft

      [role_definition]
      g = _, _, _

      [policy_effect]
      e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

      [matchers]
      m = (p.sub == "*" || g(r.sub, p.sub, r.dom)) && keyMatch(r.dom, p.dom) && keyMatch(r.obj, p.obj) \
      && r.act == p.act
      """;

  private CasbinPolicy() {}

  /** Policy lines ({@code p}) of {@code policy}. */
  static List<List<String>> policies(GeneratedPolicy policy, int tenants) {
    List<List<String>> lines = new ArrayList<>();
    for (GeneratedPolicy.Rule rule : policy.rules()) {
      String subject = rule.workload().equals("*") ? "*" : "role:" + rule.id();
      String effect = rule.deny() ? "deny" : "allow";
      for (String action : rule.actions()) {
        for (String collection : rule.collections()) {
          if (collection.contains("${actor.tenant}")) {
            for (int t = 0; t < tenants; t++) {
              String tenant = policy.tenant(t);
              lines.add(List.of(subject, tenant, collection.replace("${actor.tenant}", tenant), action, effect));
            }
          } else {
            lines.add(List.of(subject, "*", collection, action, effect));
          }
        }
      }
    }
    return lines;
  }

  /**
   * Role assignments ({@code g}): the rule's workload holds its role in each tenant's domain. (A
   * domain wildcard with a domain matching function is far slower in jCasbin: its domain manager
   * copies role managers on lookups.) With {@code patterns}, a workload glob is kept as a pattern
   * for casbin's role pattern matching; without, it is expanded into the concrete workloads the
   * requests use, which makes casbin's role lookups hash lookups (its fastest configuration, and
   * more favourable to casbin than the glob Vectorguard evaluates).
   */
  static List<List<String>> groupings(GeneratedPolicy policy, int tenants, boolean patterns) {
    List<List<String>> lines = new ArrayList<>();
    for (GeneratedPolicy.Rule rule : policy.rules()) {
      if (rule.workload().equals("*")) {
        continue;
      }
      List<String> subjects = patterns || !rule.workload().endsWith("*")
          ? List.of(rule.workload())
          : concreteBatchWorkloads(policy, rule.workload());
      for (String subject : subjects) {
        for (int t = 0; t < tenants; t++) {
          lines.add(List.of(subject, "role:" + rule.id(), policy.tenant(t)));
        }
      }
    }
    return lines;
  }

  private static List<String> concreteBatchWorkloads(GeneratedPolicy policy, String glob) {
    String prefix = glob.substring(0, glob.length() - 1);
    List<String> names = new ArrayList<>();
    for (int g = 0; g < policy.batchGroups(); g++) {
      if (policy.batchWorkloadId(g).startsWith(prefix)) {
        names.add(policy.batchWorkloadId(g));
      }
    }
    return names;
  }

  /**
   * A ready enforcer, logging off, role links built; with {@code patterns}, workload globs are
   * matched by casbin's role pattern matching (see {@link #groupings}).
   */
  static Enforcer enforcer(GeneratedPolicy policy, int tenants, boolean patterns) {
    Enforcer enforcer = new Enforcer(Model.newModelFromString(MODEL));
    enforcer.enableLog(false);
    if (patterns) {
      enforcer.addNamedMatchingFunc("g", "keyMatch", BuiltInFunctions::keyMatch);
    }
    enforcer.addPolicies(policies(policy, tenants));
    enforcer.addGroupingPolicies(groupings(policy, tenants, patterns));
    enforcer.buildRoleLinks();
    return enforcer;
  }

  static boolean enforce(Enforcer enforcer, GeneratedPolicy.Request request) {
    return enforcer.enforce(request.workload(), request.tenant(), request.collection(), request.action());
  }
}
