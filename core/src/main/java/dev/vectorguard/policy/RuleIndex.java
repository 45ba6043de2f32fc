package dev.vectorguard.policy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds the rules that can match a call without scanning every rule: rules are filed by access
 * level, then by literal collection (rules whose collections are all literal) or as collection
 * globs or as rules without a collection condition, then by literal workload. Built once at load;
 * immutable; not public API.
 */
final class RuleIndex {
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
      level.globCollections.collect(workload, identity, call, collection, matches);
    }
  }

  private record Level(Bucket noCollections, Map<String, Bucket> byCollection, Bucket globCollections) {}

  /** Rules filed by literal workload, and the rest. */
  private record Bucket(Map<String, Rule[]> byWorkload, Rule[] anyWorkload) {
    void collect(String workload, Identity identity, VectorCall call, @Nullable String collection, Matches matches) {
      Rule[] forWorkload = byWorkload.get(workload);
      if (forWorkload != null) {
        evaluate(forWorkload, identity, call, collection, matches);
      }
      evaluate(anyWorkload, identity, call, collection, matches);
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
    private final Map<String, List<Rule>> byWorkload = new HashMap<>();
    private final List<Rule> anyWorkload = new ArrayList<>();

    void add(Rule rule) {
      String workload = rule.literalWorkload();
      if (workload == null) {
        anyWorkload.add(rule);
      } else {
        byWorkload.computeIfAbsent(workload, k -> new ArrayList<>()).add(rule);
      }
    }

    Bucket build() {
      Map<String, Rule[]> frozen = new HashMap<>();
      byWorkload.forEach((workload, rules) -> frozen.put(workload, rules.toArray(new Rule[0])));
      return new Bucket(Map.copyOf(frozen), anyWorkload.toArray(new Rule[0]));
    }
  }

  private static final class LevelBuilder {
    private final BucketBuilder noCollections = new BucketBuilder();
    private final Map<String, BucketBuilder> byCollection = new HashMap<>();
    private final BucketBuilder globCollections = new BucketBuilder();

    void add(Rule rule) {
      if (rule.collections == null) {
        noCollections.add(rule);
      } else if (rule.collections.allLiteral()) {
        for (Glob collection : rule.collections.globs()) {
          byCollection.computeIfAbsent(collection.toString(), k -> new BucketBuilder()).add(rule);
        }
      } else {
        globCollections.add(rule);
      }
    }

    Level build() {
      Map<String, Bucket> frozen = new HashMap<>();
      byCollection.forEach((collection, bucket) -> frozen.put(collection, bucket.build()));
      return new Level(noCollections.build(), Map.copyOf(frozen), globCollections.build());
    }
  }
}
