package dev.vectorguard.policy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One compiled rule: its conditions with globs compiled, and what it obliges. Immutable; not
 * public API.
 *
 * <p>A condition that is absent matches anything; {@code collections} present means the call
 * must name collections, and each collection is matched on its own.
 */
final class Rule {
  /** Returned by {@link #mismatch} when not explaining: the rule does not match. */
  static final String NO_MATCH = "no match";
  private static final String[] NO_VALUES = new String[0];

  final int index;
  final String id;
  final @Nullable String description;
  final Effect effect;
  final int line;
  final int column;
  final @Nullable Set<Backend> backends;
  final @Nullable Set<Operation> operations;
  final @Nullable Set<AccessLevel> actions;
  final List<Condition> when;
  final @Nullable GlobSet databases;
  final @Nullable GlobSet collections;
  final List<String> templatePaths;
  final Obligations obligations;
  final @Nullable TenantFilterSpec tenantFilter;
  final @Nullable Approval approval;

  /** {@code path} (an identity attribute) must match {@code glob}. */
  record Condition(String path, Glob glob) {}

  /** A tenant filter whose value may be a template. */
  record TenantFilterSpec(String field, Template value) {}

  /** The approval block of an {@code approve} rule. */
  record Approval(List<String> approvers, Duration ttl, boolean singleUse, int minApprovals, Duration maxWait,
      dev.vectorguard.approval.@Nullable ApprovalWindow window) {}

  Rule(int index, String id, @Nullable String description, Effect effect, int line, int column,
      @Nullable Set<Backend> backends, @Nullable Set<Operation> operations, @Nullable Set<AccessLevel> actions,
      List<Condition> when, @Nullable List<Glob> databases, @Nullable List<Glob> collections,
      List<String> templatePaths, Obligations obligations, @Nullable TenantFilterSpec tenantFilter,
      @Nullable Approval approval) {
    this.index = index;
    this.id = id;
    this.description = description;
    this.effect = effect;
    this.line = line;
    this.column = column;
    this.backends = backends;
    this.operations = operations;
    this.actions = actions;
    this.when = List.copyOf(when);
    this.databases = databases == null ? null : new GlobSet(databases);
    this.collections = collections == null ? null : new GlobSet(collections);
    this.templatePaths = List.copyOf(templatePaths);
    this.obligations = obligations;
    this.tenantFilter = tenantFilter;
    this.approval = approval;
  }

  /** Whether this rule's obligations are the same for every caller (no template in them). */
  boolean staticObligations() {
    return tenantFilter == null || !tenantFilter.value().hasReferences();
  }

  /** The literal workload this rule requires, or {@code null} when it accepts several. */
  @Nullable String literalWorkload() {
    for (Condition condition : when) {
      if (condition.path().equals("workload") && condition.glob().isLiteral()) {
        return condition.glob().toString();
      }
    }
    return null;
  }

  /**
   * The literal text every workload this rule accepts starts with: the longest literal prefix of its
   * workload globs, or {@code ""} when it has no workload condition. Used to file the rule, never
   * to decide.
   */
  String workloadPrefix() {
    String longest = "";
    for (Condition condition : when) {
      if (condition.path().equals("workload")) {
        String prefix = condition.glob().literalPrefix();
        if (prefix.length() > longest.length()) {
          longest = prefix;
        }
      }
    }
    return longest;
  }

  /**
   * The values of this rule's template references, by slot, or {@code null} when one cannot be
   * filled from {@code identity}. Values come from {@link Identity#attribute} and nowhere else.
   */
  String @Nullable [] resolve(Identity identity) {
    if (templatePaths.isEmpty()) {
      return NO_VALUES;
    }
    String[] values = new String[templatePaths.size()];
    for (int i = 0; i < values.length; i++) {
      String value = identity.attribute(templatePaths.get(i));
      if (value == null || value.isEmpty()) {
        return null;
      }
      values[i] = value;
    }
    return values;
  }

  /**
   * Why this rule does not match the call (on {@code collection}, for collection calls), or
   * {@code null} when it matches. The first failing condition is reported; when {@code explain}
   * is false the answer is {@link #NO_MATCH} so that no message is built on the request path.
   *
   * @param values the result of {@link #resolve}
   */
  @Nullable String mismatch(Identity identity, VectorCall call, @Nullable String collection,
      String @Nullable [] values, boolean explain) {
    if (backends != null && !backends.contains(call.backend())) {
      return explain ? "backend " + call.backend().id() + " is not one of " + ids(backends) : NO_MATCH;
    }
    if (operations != null && !operations.contains(call.operation())) {
      return explain ? "operation " + call.operation().id() + " is not one of " + ids(operations) : NO_MATCH;
    }
    if (actions != null && !actions.contains(call.access())) {
      return explain ? "access " + call.access().id() + " is not one of " + ids(actions) : NO_MATCH;
    }
    for (Condition condition : when) {
      String actual = identity.attribute(condition.path());
      if (actual == null || !condition.glob().matches(actual, null)) {
        if (!explain) {
          return NO_MATCH;
        }
        return actual == null
            ? condition.path() + " is absent, but the rule needs '" + condition.glob() + "'"
            : condition.path() + " " + Text.quote(actual) + " does not match '" + condition.glob() + "'";
      }
    }
    if (values == null) {
      return explain ? unfilled(identity) : NO_MATCH;
    }
    if (databases != null) {
      String database = call.database();
      if (database == null) {
        return explain ? "the call names no database; the rule needs one of " + databases : NO_MATCH;
      }
      if (!databases.matches(database, values)) {
        return explain ? "database " + Text.quote(database) + " matches none of " + databases : NO_MATCH;
      }
    }
    if (collections != null) {
      if (collection == null) {
        return explain ? "the call names no collection; the rule applies only to collections " + collections
            : NO_MATCH;
      }
      if (!collections.matches(collection, values)) {
        return explain ? "collection " + Text.quote(collection) + " matches none of " + collections : NO_MATCH;
      }
    }
    return null;
  }

  /** This rule's obligations for a caller whose template values are {@code values}. */
  Obligations obligations(String[] values) {
    if (staticObligations()) {
      return obligations;
    }
    // One build rather than a merge: this runs per call for rules with a templated tenant filter.
    Obligations.Builder builder = Obligations.builder()
        .maxResults(obligations.maxResults())
        .stripVectors(obligations.stripVectors())
        .allowedOutputFields(obligations.allowedOutputFields())
        .filterListings(obligations.filterListings());
    obligations.maskRules().forEach(builder::mask);
    obligations.tenantFilters().forEach(builder::tenantFilter);
    return builder.tenantFilter(new TenantFilter(tenantFilter.field(), tenantFilter.value().fill(values))).build();
  }

  private String unfilled(Identity identity) {
    for (String path : templatePaths) {
      String value = identity.attribute(path);
      if (value == null || value.isEmpty()) {
        return "template ${" + path + "} cannot be filled: the identity has no " + path;
      }
    }
    return "a template cannot be filled";
  }

  private static String ids(Set<? extends Enum<?>> values) {
    return values.stream().map(Rule::id).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String id(Enum<?> value) {
    if (value instanceof Backend backend) {
      return backend.id();
    }
    if (value instanceof Operation operation) {
      return operation.id();
    }
    return value instanceof AccessLevel level ? level.id() : value.name();
  }

  @Override
  public String toString() {
    return "Rule{" + id + ", " + effect.id() + ", line " + line
        + (collections == null ? "" : ", collections=" + collections)
        + (actions == null ? "" : ", actions=" + Arrays.toString(actions.toArray())) + '}';
  }
}
