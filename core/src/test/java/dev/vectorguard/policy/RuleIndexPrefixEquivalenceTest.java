package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prefix-trie index against the linear scan ({@link CompiledPolicy#explain} evaluates every rule
 * in order): random policies of up to 400 rules whose workload and collection globs share and nest
 * prefixes ({@code kb-*}, {@code kb-e*}, {@code k*}, {@code kb-eu} beside each other, templates
 * at the start and in the middle, {@code **}, a literal and a glob of one rule covering the same
 * collection), random calls, fixed seeds. Every decision (effect, obligations, rule list, reason)
 * must be equal.
 */
class RuleIndexPrefixEquivalenceTest {
  private static final String P = "spiffe://acme.io/ns/";
  private static final String[] WORKLOADS = {P + "prod/sa/rag", P + "prod/sa/rag-2", P + "prod/sa/batch-1-etl",
      P + "prod/sa/batch-12-etl", P + "dev/sa/rag", P + "prod/sa/b", "spiffe://other/sa/rag", P + "prod/sa/"};
  private static final String[] WORKLOAD_GLOBS = {P + "prod/sa/rag", P + "prod/sa/rag*", P + "prod/sa/batch-1-*",
      P + "prod/sa/batch-1*", P + "prod/sa/batch-*", P + "prod/**", P + "*/sa/rag", "*", "spiffe://*",
      P + "prod/sa/*", P + "prod/sa/b", P + "dev/sa/rag"};
  private static final String[] COLLECTIONS = {"kb-eu", "kb-us", "kb-eu-2", "kb", "k", "f1-c3", "f12-c3",
      "tenant-acme-x", "tenant-globex-y", "acme-docs", "docs/x", "secret-a", "x"};
  private static final String[] COLLECTION_GLOBS = {"kb-eu", "kb-*", "kb-e*", "k*", "kb", "f1-*", "f12-*",
      "f1*", "tenant-${actor.tenant}-*", "${actor.tenant}-*", "${actor.tenant}-docs", "docs/*", "docs/**",
      "*", "secret-*", "x", "f1-c3"};
  private static final Operation[] OPERATIONS = {Operation.SEARCH, Operation.UPSERT, Operation.DELETE,
      Operation.LIST_COLLECTIONS, Operation.DROP_COLLECTION, Operation.QUERY};

  @Test
  void prefixIndexedDecisionsEqualTheLinearScan() {
    Random random = new Random(16);
    EnumMap<Effect, Integer> effects = new EnumMap<>(Effect.class);
    int compared = 0;
    for (int p = 0; p < 40; p++) {
      CompiledPolicy policy = Fixtures.policy(randomPolicy(random, 1 + random.nextInt(p < 30 ? 40 : 400)));
      for (int c = 0; c < 150; c++) {
        Identity identity = random.nextInt(4) == 0
            ? Fixtures.workload(Fixtures.pick(random, WORKLOADS))
            : Fixtures.actor(Fixtures.pick(random, WORKLOADS), Map.of("tenant", random.nextBoolean() ? "acme" : "globex"));
        VectorCall call = randomCall(random);
        Decision decision = policy.decide(identity, call);
        assertThat(decision).as("%s for %s", call, identity).isEqualTo(policy.explain(identity, call).decision());
        effects.merge(decision.effect(), 1, Integer::sum);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(6000);
    assertThat(effects.values()).as("every effect is exercised: %s", effects).hasSize(3).allMatch(n -> n > 300);
  }

  @Test
  void aRuleReachedThroughALiteralAndAGlobMatchesOnce() {
    CompiledPolicy policy = Fixtures.policy("""
        version: 1
        rules:
          - id: both
            collections: ["kb-eu", "kb-*", "kb-e*"]
            effect: allow
            obligations: { max_results: 5 }
        """);
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("kb-eu").build();
    Decision decision = policy.decide(Fixtures.workload(P + "prod/sa/rag"), call);
    assertThat(decision).isInstanceOfSatisfying(Decision.Allow.class,
        allow -> assertThat(allow.rules()).containsExactly("both"));
    assertThat(decision).isEqualTo(policy.explain(Fixtures.workload(P + "prod/sa/rag"), call).decision());
  }

  private static VectorCall randomCall(Random random) {
    Operation operation = Fixtures.pick(random, OPERATIONS);
    VectorCall.Builder builder = VectorCall.builder(Fixtures.pick(random, Backend.values()), operation);
    if (operation != Operation.LIST_COLLECTIONS) {
      List<String> collections = new ArrayList<>();
      int count = 1 + (random.nextInt(5) == 0 ? 1 : 0);
      for (int i = 0; i < count; i++) {
        collections.add(Fixtures.pick(random, COLLECTIONS));
      }
      builder.collections(collections);
    }
    if (random.nextInt(5) == 0 && operation.defaultAccess().compareTo(AccessLevel.ADMIN) < 0) {
      builder.access(AccessLevel.values()[operation.defaultAccess().ordinal() + 1]);
    }
    return builder.build();
  }

  private static String randomPolicy(Random random, int rules) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    for (int r = 0; r < rules; r++) {
      yaml.append("  - id: r").append(r).append('\n');
      if (random.nextInt(4) > 0) {
        String workload = random.nextInt(3) == 0 ? Fixtures.pick(random, WORKLOADS) : Fixtures.pick(random, WORKLOAD_GLOBS);
        yaml.append("    when: { workload: \"").append(workload).append('"');
        if (random.nextInt(6) == 0) {
          yaml.append(", actor.tenant: \"").append(random.nextBoolean() ? "acme" : "*").append('"');
        }
        yaml.append(" }\n");
      }
      if (random.nextInt(5) > 0) {
        yaml.append("    collections: [");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          String collection = random.nextInt(3) == 0 ? Fixtures.pick(random, COLLECTIONS) : Fixtures.pick(random, COLLECTION_GLOBS);
          yaml.append(i == 0 ? "" : ", ").append('"').append(collection).append('"');
        }
        yaml.append("]\n");
      }
      if (random.nextBoolean()) {
        yaml.append("    actions: [").append(Fixtures.pick(random, AccessLevel.values()).id()).append("]\n");
      }
      if (random.nextInt(5) == 0) {
        yaml.append("    operations: [").append(Fixtures.pick(random, OPERATIONS).id()).append("]\n");
      }
      Fixtures.appendRandomEffect(yaml, random);
    }
    return yaml.toString();
  }
}
