package dev.vectorguard.policy;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builders shared by the policy tests. */
final class Fixtures {
  static final String RAG = "spiffe://acme.io/ns/prod/sa/rag-api";
  static final String OPS = "spiffe://acme.io/ns/prod/sa/ops-tool";

  private Fixtures() {}

  static CompiledPolicy policy(String yaml) {
    try {
      return PolicyLoader.parse(yaml, "test.yaml");
    } catch (PolicyValidationException e) {
      throw new AssertionError("the policy should be valid:\n" + e.getMessage(), e);
    }
  }

  /** A policy made of the standard header and {@code rules} (YAML list items, indented two spaces). */
  static CompiledPolicy rules(String rules) {
    return policy("version: 1\nrules:\n" + rules);
  }

  static Identity workload(String id) {
    return Identity.of(Workload.configured(id));
  }

  static Identity actor(String workload, Map<String, String> attributes) {
    return Identity.of(Workload.configured(workload), Actor.of(attributes));
  }

  static Identity tenant(String workload, String tenant) {
    return actor(workload, Map.of("tenant", tenant));
  }

  static VectorCall call(Operation operation, String... collections) {
    return VectorCall.builder(Backend.QDRANT, operation).collections(List.of(collections)).build();
  }

  static VectorCall call(Backend backend, Operation operation, String... collections) {
    return VectorCall.builder(backend, operation).collections(List.of(collections)).build();
  }

  /** For the random-policy tests: one of {@code values}. */
  static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * For the random-policy tests: a rule's effect (deny, approve, allow with a templated tenant
   * filter, allow with a max-results cap) as YAML lines indented for a rule item.
   */
  static void appendRandomEffect(StringBuilder yaml, Random random) {
    switch (random.nextInt(5)) {
      case 0 -> yaml.append("    effect: deny\n");
      case 1 -> yaml.append("    effect: approve\n    approval: { approvers: [g], ttl: 5m }\n");
      case 2 -> yaml.append("    effect: allow\n    obligations: { tenant_filter: { field: t, value: \"${actor.tenant}\" } }\n");
      default -> yaml.append("    effect: allow\n    obligations: { max_results: ").append(1 + random.nextInt(50))
          .append(" }\n");
    }
  }
}
