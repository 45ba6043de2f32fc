package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.qdrant.QdrantRequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Qdrant gRPC request as the model's {@link QdrantRequestView}, read by descriptor over the
 * whole message: batch items, prefetches and nested filters are all inside it.
 */
record QdrantProtoView(List<KeyRead> keyReads, boolean usesPointIdsAsExamples, boolean looksUpRecords)
    implements QdrantRequestView {
  /** Condition types whose {@code key} is a payload key ({@code qdrant.NestedCondition} is read on its own). */
  private static final Set<String> KEYED_CONDITIONS = Set.of("qdrant.FieldCondition", "qdrant.IsEmptyCondition",
      "qdrant.IsNullCondition");
  /** The {@code qdrant.Match} kinds that test equality with given values; text, phrase and text_any do not. */
  private static final Set<String> EXACT_MATCHES = Set.of("keyword", "integer", "boolean", "keywords", "integers",
      "except_integers", "except_keywords");
  /** Inputs that stand for a vector and may hold a point id instead. */
  private static final Set<String> VECTOR_INPUTS = Set.of("qdrant.VectorInput", "qdrant.VectorExample");
  /** Requests whose {@code positive}/{@code negative} are point ids. */
  private static final Set<String> ID_EXAMPLES = Set.of("qdrant.RecommendPoints", "qdrant.RecommendPointGroups");

  static QdrantProtoView of(Message request) {
    Walk walk = new Walk();
    walk.visit(request, false, "", 0);
    return new QdrantProtoView(List.copyOf(walk.keys), walk.examples, walk.lookups);
  }

  private static final class Walk {
    final List<KeyRead> keys = new ArrayList<>();
    boolean examples;
    boolean lookups;

    /** {@code inFormula}: keys under a score formula score by the field rather than filter on it. */
    void visit(Message m, boolean inFormula, String prefix, int depth) {
      if (depth > 64) {
        throw new RequestRejectedException(Cause.PARSE, "the request nests deeper than 64 messages");
      }
      String type = m.getDescriptorForType().getFullName();
      boolean formula = inFormula || type.equals("qdrant.Formula");
      if (type.equals("qdrant.NestedCondition")) {
        // Its filter's keys are read inside the elements of its key's array; the key only says where.
        String key = prefix + Protos.string(m, "key");
        Message filter = Protos.message(m, "filter");
        if (filter != null) {
          visit(filter, formula, key + "[].", depth + 1);
        }
        return;
      }
      if (KEYED_CONDITIONS.contains(type)) {
        boolean exact = type.equals("qdrant.FieldCondition") && isExactMatch(m);
        Protos.strings(m, "key").forEach(k ->
            keys.add(new KeyRead(formula ? KeyUse.FORMULA : KeyUse.FILTER, prefix + k, exact)));
      }
      switch (type) {
        case "qdrant.OrderBy" -> Protos.strings(m, "key").forEach(k -> keys.add(new KeyRead(KeyUse.ORDER, k)));
        case "qdrant.FacetCounts" -> Protos.strings(m, "key").forEach(k -> keys.add(new KeyRead(KeyUse.FACET, k)));
        case "qdrant.Expression" -> {
          for (String name : List.of("variable", "datetime_key")) {
            Protos.strings(m, name).stream().filter(v -> !v.startsWith("$"))
                .forEach(v -> keys.add(new KeyRead(KeyUse.FORMULA, v)));
          }
        }
        case "qdrant.GeoDistance" -> Protos.strings(m, "to").forEach(k -> keys.add(new KeyRead(KeyUse.FORMULA, k)));
        case "qdrant.WithLookup" -> lookups = true;
        default -> { }
      }
      Protos.strings(m, "group_by").forEach(k -> keys.add(new KeyRead(KeyUse.GROUP, k)));
      if (VECTOR_INPUTS.contains(type) && Protos.message(m, "id") != null) {
        examples = true;
      }
      if (ID_EXAMPLES.contains(type) && (!Protos.messages(m, "positive").isEmpty()
          || !Protos.messages(m, "negative").isEmpty())) {
        examples = true;
      }
      for (Message child : Protos.children(m)) {
        visit(child, formula, prefix, depth + 1);
      }
    }

    /**
     * A field condition of only {@code key} and a {@code match} that tests equality. Qdrant ORs
     * every part of one field condition, so one with a range, count or geo part beside its match
     * is not an exact lookup.
     */
    private static boolean isExactMatch(Message condition) {
      Message match = Protos.message(condition, "match");
      if (match == null || condition.getAllFields().size() != 2) {
        return false;
      }
      var set = match.getAllFields().keySet();
      return set.size() == 1 && EXACT_MATCHES.contains(set.iterator().next().getName());
    }
  }
}
