package dev.vectorguard.policy;

import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns matched rules into a {@link Decision}: a matching deny beats everything, then approve,
 * then allow with the obligations of every matching allow (and approve) rule merged; nothing
 * matching is a deny. Also combines the decisions of a call's collections. Not public API.
 */
final class Verdicts {
  private final String version;
  /**
   * Per rule: the decision it makes when it is the only match. For a rule whose obligations hold
   * a template, the obligations are replaced per call ({@link #withObligations}).
   */
  private final Decision[] alone;

  Verdicts(List<Rule> rules, String version) {
    this.version = version;
    this.alone = new Decision[rules.size()];
    for (Rule rule : rules) {
      alone[rule.index] = single(rule);
    }
  }

  /** The decision for the rules that matched {@code call} on {@code collection}. */
  Decision decide(Matches matches, Identity identity, VectorCall call, @Nullable String collection) {
    int size = matches.size();
    if (size == 0) {
      return Decision.deny(List.of(), "no rule matched " + describe(call, collection) + " for workload "
          + Text.quote(identity.workload().id()) + "; default deny", version);
    }
    List<Rule> denies = null;
    boolean approve = false;
    for (int i = 0; i < size; i++) {
      Rule rule = matches.rule(i);
      if (rule.effect == Effect.DENY) {
        denies = denies == null ? new ArrayList<>(2) : denies;
        denies.add(rule);
      }
      approve |= rule.effect == Effect.APPROVE;
    }
    if (denies != null) {
      return denies.size() == 1 ? alone[denies.get(0).index]
          : Decision.deny(ids(denies), "denied by rules " + quoted(denies), version);
    }
    if (size == 1) {
      Rule rule = matches.rule(0);
      return rule.staticObligations() ? alone[rule.index]
          : withObligations(alone[rule.index], rule.obligations(matches.values(0)));
    }
    Obligations obligations = Obligations.NONE;
    List<Rule> contributing = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      obligations = obligations.merge(matches.rule(i).obligations(matches.values(i)));
      contributing.add(matches.rule(i));
    }
    String conflict = obligations.conflictingTenantField();
    if (conflict != null) {
      return tenantConflict(contributing, matches, conflict);
    }
    if (approve) {
      List<Rule> approvers = contributing.stream().filter(r -> r.effect == Effect.APPROVE).toList();
      return needsApproval(obligations, ids(contributing), "approval required by " + ruleWord(approvers)
          + (approvers.size() == contributing.size() ? "" : "; allowed by " + ruleWord(contributing.stream()
              .filter(r -> r.effect == Effect.ALLOW).toList())), approvers);
    }
    return Decision.allow(obligations, ids(contributing), "allowed by " + ruleWord(contributing), version);
  }

  /**
   * Combines the decisions for each collection of a call: any deny denies, else any approval
   * needed needs approval, else allow; obligations are merged over all collections.
   */
  Decision combine(List<String> collections, List<Decision> decisions) {
    Set<String> rules = new LinkedHashSet<>();
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    boolean denied = decisions.stream().anyMatch(d -> d instanceof Decision.Deny);
    boolean approval = decisions.stream().anyMatch(d -> d instanceof Decision.NeedsApproval);
    Obligations obligations = Obligations.NONE;
    Set<String> approvers = new LinkedHashSet<>();
    Duration ttl = null;
    boolean singleUse = false;
    ApprovalTerms terms = ApprovalTerms.NONE;
    for (int i = 0; i < decisions.size(); i++) {
      Decision decision = decisions.get(i);
      if (denied && !(decision instanceof Decision.Deny)) {
        continue;
      }
      rules.addAll(decision.rules());
      reasons.computeIfAbsent(decision.reason(), r -> new ArrayList<>()).add(Text.quote(collections.get(i)));
      if (decision instanceof Decision.Allow allow) {
        obligations = obligations.merge(allow.obligations());
      } else if (decision instanceof Decision.NeedsApproval needs) {
        obligations = obligations.merge(needs.obligations());
        approvers.addAll(needs.approvers());
        ttl = ttl == null || needs.grantTtl().compareTo(ttl) < 0 ? needs.grantTtl() : ttl;
        singleUse |= needs.singleUse();
        terms = terms.and(needs.minApprovals(), needs.maxWait(), needs.windows());
      }
    }
    String reason = reasons.entrySet().stream()
        .map(e -> "on " + String.join(", ", e.getValue()) + ": " + e.getKey())
        .collect(Collectors.joining("; "));
    if (denied) {
      return Decision.deny(List.copyOf(rules), reason, version);
    }
    String conflict = obligations.conflictingTenantField();
    if (conflict != null) {
      Set<String> values = obligations.tenantFilters().stream().filter(f -> f.field().equals(conflict))
          .map(TenantFilter::value).collect(Collectors.toCollection(LinkedHashSet::new));
      return Decision.deny(List.copyOf(rules), "the collections of this call need different values "
          + quoted(values) + " of tenant field '" + conflict + "' (" + reason + "); denied", version);
    }
    if (approval) {
      return new Decision.NeedsApproval(obligations, List.copyOf(rules), reason, version, List.copyOf(approvers),
          ttl, singleUse, terms.minApprovals(), terms.maxWait(), terms.windows());
    }
    return Decision.allow(obligations, List.copyOf(rules), reason, version);
  }

  private static Decision withObligations(Decision decision, Obligations obligations) {
    if (decision instanceof Decision.NeedsApproval needs) {
      return new Decision.NeedsApproval(obligations, needs.rules(), needs.reason(), needs.policyVersion(),
          needs.approvers(), needs.grantTtl(), needs.singleUse(), needs.minApprovals(), needs.maxWait(), needs.windows());
    }
    return Decision.allow(obligations, decision.rules(), decision.reason(), decision.policyVersion());
  }

  private Decision single(Rule rule) {
    List<String> ids = List.of(rule.id);
    return switch (rule.effect) {
      case DENY -> Decision.deny(ids, "denied by rule '" + rule.id + "'"
          + (rule.description == null ? "" : " (" + rule.description + ")"), version);
      case ALLOW -> Decision.allow(rule.obligations, ids, "allowed by rule '" + rule.id + "'", version);
      case APPROVE -> needsApproval(rule.obligations, ids, "approval required by rule '" + rule.id + "'"
          + (rule.description == null ? "" : " (" + rule.description + ")"), List.of(rule));
    };
  }

  private Decision needsApproval(Obligations obligations, List<String> ids, String reason, List<Rule> approveRules) {
    Set<String> approvers = new LinkedHashSet<>();
    Duration ttl = null;
    boolean singleUse = false;
    ApprovalTerms terms = ApprovalTerms.NONE;
    for (Rule rule : approveRules) {
      Rule.Approval approval = rule.approval;
      approvers.addAll(approval.approvers());
      ttl = ttl == null || approval.ttl().compareTo(ttl) < 0 ? approval.ttl() : ttl;
      singleUse |= approval.singleUse();
      terms = terms.and(approval.minApprovals(), approval.maxWait(),
          approval.window() == null ? List.of() : List.of(approval.window()));
    }
    return new Decision.NeedsApproval(obligations, ids, reason, version, List.copyOf(approvers), ttl, singleUse,
        terms.minApprovals(), terms.maxWait(), terms.windows());
  }

  private Decision tenantConflict(List<Rule> contributing, Matches matches, String field) {
    List<Rule> culprits = new ArrayList<>();
    Set<String> values = new LinkedHashSet<>();
    for (int i = 0; i < matches.size(); i++) {
      Rule rule = matches.rule(i);
      for (TenantFilter filter : rule.obligations(matches.values(i)).tenantFilters()) {
        if (filter.field().equals(field)) {
          culprits.add(rule);
          values.add(filter.value());
        }
      }
    }
    return Decision.deny(ids(culprits), "rules " + quoted(culprits) + " require different values " + quoted(values)
        + " of tenant field '" + field + "'; denied", version);
  }

  static String describe(VectorCall call, @Nullable String collection) {
    return call.backend().id() + ' ' + call.operation().id() + " (" + call.access().id() + ")"
        + (collection == null ? " on no collection" : " on collection " + Text.quote(collection))
        + (call.database() == null ? "" : " in database " + Text.quote(call.database()));
  }

  private static String ruleWord(List<Rule> rules) {
    return (rules.size() == 1 ? "rule " : "rules ") + quoted(rules);
  }

  private static String quoted(Set<String> values) {
    return values.stream().map(Text::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quoted(List<Rule> rules) {
    return rules.stream().map(r -> "'" + r.id + "'").collect(Collectors.joining(", "));
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(r -> r.id).toList();
  }
}
