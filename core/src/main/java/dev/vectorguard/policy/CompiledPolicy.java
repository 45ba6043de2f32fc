package dev.vectorguard.policy;

import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A validated policy, compiled for fast decisions. Immutable and thread-safe; get one from
 * {@link PolicyLoader}.
 *
 * <p>{@link #decide} looks rules up by the call's access level, collection and workload, so a
 * decision does not scan every rule, and never compiles anything. A call on several collections
 * is decided per collection and combined: any deny denies, any approval needed needs approval,
 * and it is allowed only when every collection is. {@link #explain} decides the same way and also
 * reports, for every rule, whether it matched and why not.
 *
 * <pre>{@code
 * CompiledPolicy policy = PolicyLoader.parse(yaml, "policy.yaml");
 * Decision decision = policy.decide(identity, call);
 * }</pre>
 */
public final class CompiledPolicy implements Policy {
  private final String source;
  private final String version;
  private final PolicyMode mode;
  private final List<Rule> rules;
  private final RuleIndex index;
  private final Verdicts verdicts;

  CompiledPolicy(String source, String version, PolicyMode mode, List<Rule> rules) {
    this.source = source;
    this.version = version;
    this.mode = mode;
    this.rules = List.copyOf(rules);
    this.index = new RuleIndex(this.rules);
    this.verdicts = new Verdicts(this.rules, version);
  }

  /**
   * Decides {@code call} for {@code identity}. Never returns {@code null}; no matching rule is a
   * {@link Decision.Deny}.
   */
  @Override
  public Decision decide(Identity identity, VectorCall call) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(call, "call");
    List<String> collections = call.collections();
    if (collections.size() <= 1) {
      String collection = collections.isEmpty() ? null : collections.get(0);
      Matches matches = new Matches();
      index.collect(identity, call, collection, matches);
      return verdicts.decide(matches, identity, call, collection);
    }
    List<Decision> decisions = new ArrayList<>(collections.size());
    for (String collection : collections) {
      Matches matches = new Matches();
      index.collect(identity, call, collection, matches);
      decisions.add(verdicts.decide(matches, identity, call, collection));
    }
    return verdicts.combine(collections, decisions);
  }

  /** Decides {@code call} like {@link #decide} and says, for every rule, whether it matched and why not. */
  @Override
  public Explanation explain(Identity identity, VectorCall call) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(call, "call");
    List<String> collections = call.collections();
    List<TraceEntry> trace = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    for (String collection : collections.isEmpty() ? Collections.<String>singletonList(null) : collections) {
      Matches matches = new Matches();
      for (Rule rule : rules) {
        String[] values = rule.resolve(identity);
        String why = rule.mismatch(identity, call, collection, values, true);
        if (why == null) {
          matches.add(rule, values);
          trace.add(new TraceEntry(rule.id, collection, true, "matched: effect " + rule.effect.id()));
        } else {
          trace.add(new TraceEntry(rule.id, collection, false, why));
        }
      }
      decisions.add(verdicts.decide(matches, identity, call, collection));
    }
    Decision decision = collections.size() <= 1 ? decisions.get(0) : verdicts.combine(collections, decisions);
    return new Explanation(decision, trace);
  }

  /**
   * Checks {@code requirement} against this policy, which never changes.
   *
   * @throws PolicyValidationException when it is not satisfied, with its errors
   */
  @Override
  public void require(PolicyRequirement requirement) throws PolicyValidationException {
    List<PolicyError> errors = Requirements.unmet(requirement, this);
    if (!errors.isEmpty()) {
      throw new PolicyValidationException(errors);
    }
  }

  /**
   * One error for each mask rule of an allow or approve rule that {@code unsupported} refuses,
   * naming the policy rule, its position and the field; {@code unsupported} says why a mask rule
   * cannot be applied, or returns {@code null} when it can ({@code MaskEngine::unsupported}).
   */
  public List<PolicyError> maskErrors(Function<MaskRule, @Nullable String> unsupported) {
    Objects.requireNonNull(unsupported, "unsupported");
    List<PolicyError> errors = new ArrayList<>();
    for (Rule rule : rules) {
      for (MaskRule mask : rule.obligations.maskRules()) {
        String problem = unsupported.apply(mask);
        if (problem != null) {
          errors.add(new PolicyError(source, rule.line, rule.column, rule.id, problem));
        }
      }
    }
    return errors;
  }

  /**
   * One warning for each obligation of an allow or approve rule that {@code reach} says a backend
   * the rule applies to (its {@code backends}, else every one) cannot enforce there, naming the
   * rule, its position and the backend. Calls the warning is about are refused, never let through.
   */
  public List<PolicyError> obligationWarnings(ObligationReach reach) {
    Objects.requireNonNull(reach, "reach");
    List<PolicyError> warnings = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.effect == Effect.DENY) {
        continue;
      }
      Set<String> fields = new LinkedHashSet<>();
      if (rule.tenantFilter != null) {
        fields.add(rule.tenantFilter.field());
      }
      rule.obligations.tenantFilters().forEach(t -> fields.add(t.field()));
      for (Backend backend : Backend.values()) {
        if (rule.backends != null && !rule.backends.contains(backend)) {
          continue;
        }
        List<String> problems = new ArrayList<>();
        fields.forEach(field -> problems.add(reach.tenantField(backend, field)));
        rule.obligations.maskRules().forEach(mask -> problems.add(reach.mask(backend, mask)));
        for (String problem : problems) {
          if (problem != null) {
            warnings.add(new PolicyError(source, rule.line, rule.column, rule.id,
                "warning: on " + backend.id() + ", " + problem));
          }
        }
      }
    }
    return warnings;
  }

  /** {@code sha256:} and the first 16 hex digits of the SHA-256 of the policy text. */
  @Override
  public String version() {
    return version;
  }

  @Override
  public PolicyMode mode() {
    return mode;
  }

  /** Where the policy was loaded from (a file path or the source name given to {@link PolicyLoader#parse}). */
  public String source() {
    return source;
  }

  /** The ids of the rules, in policy order. */
  public List<String> ruleIds() {
    return rules.stream().map(rule -> rule.id).toList();
  }

  public int ruleCount() {
    return rules.size();
  }

  @Override
  public String toString() {
    return "CompiledPolicy{" + source + ", " + version + ", " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + ", " + rules.size() + " rules}";
  }
}
