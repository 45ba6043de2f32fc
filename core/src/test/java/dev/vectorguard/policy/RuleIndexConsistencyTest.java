package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indexed {@link CompiledPolicy#decide} must agree with {@link CompiledPolicy#explain}, which
 * evaluates every rule: random policies and calls, fixed seed.
 */
class RuleIndexConsistencyTest {
  private static final String[] WORKLOADS = {"spiffe://a/sa/rag", "spiffe://a/sa/ops", "spiffe://a/sa/etl-1"};
  private static final String[] WORKLOAD_GLOBS = {"spiffe://a/sa/rag", "spiffe://a/sa/*", "spiffe://a/**",
      "spiffe://a/sa/etl-*"};
  private static final String[] COLLECTIONS = {"docs", "kb-eu", "kb-us", "t-acme-x", "hr"};
  private static final String[] COLLECTION_GLOBS = {"docs", "kb-*", "hr", "t-${actor.tenant}-*", "*", "kb-eu"};
  private static final Operation[] OPERATIONS = {Operation.SEARCH, Operation.UPSERT, Operation.DELETE,
      Operation.LIST_COLLECTIONS, Operation.DROP_COLLECTION, Operation.HEALTH};

  @Test
  void indexedDecisionsEqualFullScans() {
    Random random = new Random(42);
    int compared = 0;
    java.util.EnumMap<dev.vectorguard.Effect, Integer> effects = new java.util.EnumMap<>(dev.vectorguard.Effect.class);
    for (int p = 0; p < 60; p++) {
      CompiledPolicy policy = Fixtures.policy(randomPolicy(random));
      for (int c = 0; c < 60; c++) {
        Identity identity = random.nextBoolean()
            ? Fixtures.workload(Fixtures.pick(random, WORKLOADS))
            : Fixtures.actor(Fixtures.pick(random, WORKLOADS), Map.of("tenant", random.nextBoolean() ? "acme" : "globex"));
        VectorCall call = randomCall(random);
        dev.vectorguard.Decision decision = policy.decide(identity, call);
        assertThat(decision).as("%s for %s", call, identity).isEqualTo(policy.explain(identity, call).decision());
        effects.merge(decision.effect(), 1, Integer::sum);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(3600);
    assertThat(effects.values()).as("every effect is exercised: %s", effects).hasSize(3).allMatch(n -> n > 200);
  }

  private static VectorCall randomCall(Random random) {
    Operation operation = Fixtures.pick(random, OPERATIONS);
    VectorCall.Builder builder = VectorCall.builder(Fixtures.pick(random, Backend.values()), operation);
    if (operation != Operation.LIST_COLLECTIONS && operation != Operation.HEALTH) {
      List<String> collections = new ArrayList<>();
      int count = 1 + random.nextInt(2);
      for (int i = 0; i < count; i++) {
        collections.add(Fixtures.pick(random, COLLECTIONS));
      }
      builder.collections(collections);
    }
    if (random.nextInt(4) == 0 && operation.defaultAccess().compareTo(AccessLevel.ADMIN) < 0) {
      builder.access(AccessLevel.values()[operation.defaultAccess().ordinal() + 1]);
    }
    return builder.build();
  }

  private static String randomPolicy(Random random) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    int rules = 1 + random.nextInt(12);
    for (int r = 0; r < rules; r++) {
      yaml.append("  - id: r").append(r).append('\n');
      if (random.nextBoolean()) {
        yaml.append("    when: { workload: \"").append(Fixtures.pick(random, WORKLOAD_GLOBS)).append("\" }\n");
      }
      if (random.nextInt(3) > 0) {
        yaml.append("    collections: [\"").append(Fixtures.pick(random, COLLECTION_GLOBS)).append("\"");
        if (random.nextBoolean()) {
          yaml.append(", \"").append(Fixtures.pick(random, COLLECTION_GLOBS)).append('"');
        }
        yaml.append("]\n");
      }
      if (random.nextBoolean()) {
        yaml.append("    actions: [").append(Fixtures.pick(random, AccessLevel.values()).id());
        if (random.nextBoolean()) {
          yaml.append(", ").append(Fixtures.pick(random, AccessLevel.values()).id());
        }
        yaml.append("]\n");
      }
      if (random.nextInt(4) == 0) {
        yaml.append("    operations: [").append(Fixtures.pick(random, OPERATIONS).id()).append("]\n");
      }
      Fixtures.appendRandomEffect(yaml, random);
    }
    return yaml.toString();
  }
}
