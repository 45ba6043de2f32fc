package dev.vectorguard.policy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the rules that can match a call without scanning every rule, so a decision costs about the
 * same at 100 rules as at 10,000. Rules are filed by access level; then by collection: every literal
 * collection of a rule in a map, every collection glob in a {@link PrefixTrie} under its literal
 * prefix (the text before its first wildcard or template), and rules without a collection
 * condition apart; then, inside each of those, by workload the same way (a literal workload in a
 * map, a workload glob under its literal prefix, no workload condition under the empty prefix).
 *
 * <p>A lookup only narrows: every rule it returns is checked in full with {@link Rule#mismatch},
 * and a value matching a glob always starts with the glob's literal prefix, so no matching rule is
 * missed. A rule reached twice (a literal and a glob of the same rule both cover the collection)
 * is matched once ({@link Matches#add}). Built once at load; immutable; not public API.
 */
final class RuleIndex {
  private static final Rule[] NO_RULES = new Rule[0];

  private final Level[] levels;

  RuleIndex(List<Rule> rules) {
    AccessLevel[] all = AccessLevel.values();
    levels = new Level[all.length];
    for (AccessLevel access : all) {
      LevelBuilder builder = new LevelBuilder();
      for (Rule rule : rules) {
        if (rule.actions == null || rule.actions.contains(access)) {
          builder.add(rule);
        }
      }
      levels[access.ordinal()] = builder.build();
    }
  }

  /**
   * Adds to {@code matches} every rule that matches {@code call} on {@code collection} (or on no
   * collection), in no particular order.
   */
  void collect(Identity identity, VectorCall call, @Nullable String collection, Matches matches) {
    Level level = levels[call.access().ordinal()];
    String workload = identity.workload().id();
    level.noCollections.collect(workload, identity, call, collection, matches);
    if (collection != null) {
      Bucket literal = level.byCollection.get(collection);
      if (literal != null) {
        literal.collect(workload, identity, call, collection, matches);
      }
      for (PrefixTrie.Node<Bucket> node = level.collectionGlobs.root(); node != null; node = node.next(collection)) {
        Bucket bucket = node.value();
        if (bucket != null) {
          bucket.collect(workload, identity, call, collection, matches);
        }
      }
    }
  }

  private record Level(Bucket noCollections, Map<String, Bucket> byCollection, PrefixTrie<Bucket> collectionGlobs) {}

  /** Rules filed by literal workload, and by the literal prefix of their workload glob. */
  private record Bucket(Map<String, Rule[]> byWorkload, PrefixTrie<Rule[]> workloadGlobs) {
    void collect(String workload, Identity identity, VectorCall call, @Nullable String collection, Matches matches) {
      Rule[] forWorkload = byWorkload.get(workload);
      if (forWorkload != null) {
        evaluate(forWorkload, identity, call, collection, matches);
      }
      for (PrefixTrie.Node<Rule[]> node = workloadGlobs.root(); node != null; node = node.next(workload)) {
        Rule[] rules = node.value();
        if (rules != null) {
          evaluate(rules, identity, call, collection, matches);
        }
      }
    }

    private static void evaluate(Rule[] rules, Identity identity, VectorCall call, @Nullable String collection,
        Matches matches) {
      for (Rule rule : rules) {
        String[] values = rule.resolve(identity);
        if (rule.mismatch(identity, call, collection, values, false) == null) {
          matches.add(rule, values);
        }
      }
    }
  }

  private static final class BucketBuilder {
    private final Map<String, Set<Rule>> byWorkload = new HashMap<>();
    private final Map<String, Set<Rule>> byWorkloadPrefix = new HashMap<>();

    void add(Rule rule) {
      String workload = rule.literalWorkload();
      if (workload == null) {
        byWorkloadPrefix.computeIfAbsent(rule.workloadPrefix(), k -> new LinkedHashSet<>()).add(rule);
      } else {
        byWorkload.computeIfAbsent(workload, k -> new LinkedHashSet<>()).add(rule);
      }
    }

    Bucket build() {
      return new Bucket(Map.copyOf(frozen(byWorkload)), PrefixTrie.of(frozen(byWorkloadPrefix)));
    }

    private static Map<String, Rule[]> frozen(Map<String, Set<Rule>> rules) {
      Map<String, Rule[]> frozen = new HashMap<>();
      rules.forEach((key, set) -> frozen.put(key, set.toArray(NO_RULES)));
      return frozen;
    }
  }

  private static final class LevelBuilder {
    private final BucketBuilder noCollections = new BucketBuilder();
    private final Map<String, BucketBuilder> byCollection = new HashMap<>();
    private final Map<String, BucketBuilder> byCollectionPrefix = new HashMap<>();

    void add(Rule rule) {
      if (rule.collections == null) {
        noCollections.add(rule);
        return;
      }
      for (Glob collection : rule.collections.globs()) {
        if (collection.isLiteral()) {
          byCollection.computeIfAbsent(collection.toString(), k -> new BucketBuilder()).add(rule);
        } else {
          byCollectionPrefix.computeIfAbsent(collection.literalPrefix(), k -> new BucketBuilder()).add(rule);
        }
      }
    }

    Level build() {
      return new Level(noCollections.build(), Map.copyOf(built(byCollection)), PrefixTrie.of(built(byCollectionPrefix)));
    }

    private static Map<String, Bucket> built(Map<String, BucketBuilder> builders) {
      Map<String, Bucket> built = new HashMap<>();
      builders.forEach((key, builder) -> built.put(key, builder.build()));
      return built;
    }
  }
}
