package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.qdrant.QdrantApi;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.qdrant.QdrantRequestView;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Qdrant REST body as the model's {@link QdrantRequestView}: every read of the body (the body,
 * or each {@code searches[]} entry of a batch) with its prefetches. Not public API.
 */
record QdrantJsonView(List<KeyRead> keyReads, boolean usesPointIdsAsExamples, boolean looksUpRecords)
    implements QdrantRequestView {

  static QdrantJsonView of(QdrantApi api, ObjectNode body) throws RestClassificationException {
    List<KeyRead> keys = new ArrayList<>();
    boolean examples = false;
    boolean lookups = false;
    for (ObjectNode read : reads(api.kind(), body)) {
      filterReads(read, keys);
      String groupBy = Json.optText(read, "group_by", "");
      if (groupBy != null) {
        keys.add(new KeyRead(KeyUse.GROUP, groupBy));
      }
      String orderBy = QdrantFacts.orderBy(read, "");
      if (orderBy != null) {
        keys.add(new KeyRead(KeyUse.ORDER, orderBy));
      }
      QdrantFacts.queryOrderBys(read).forEach(k -> keys.add(new KeyRead(KeyUse.ORDER, k)));
      QdrantFacts.formulaKeys(read).forEach(k -> keys.add(new KeyRead(KeyUse.FORMULA, k)));
      if (api.kind() == QdrantRequestKind.FACET) {
        String key = Json.optText(read, "key", "");
        if (key != null) {
          keys.add(new KeyRead(KeyUse.FACET, key));
        }
      }
      examples |= QdrantExamples.namesPointIds(api.operation(), read);
      lookups |= read.hasNonNull("with_lookup");
    }
    return new QdrantJsonView(List.copyOf(keys), examples, lookups);
  }

  /** The filter keys of {@code read}'s filter and of its prefetches' filters, at any depth. */
  private static void filterReads(ObjectNode read, List<KeyRead> out) {
    conditions(read.get("filter"), "", out);
    JsonNode prefetch = read.get("prefetch");
    if (prefetch instanceof ObjectNode one) {
      filterReads(one, out);
    } else if (prefetch instanceof ArrayNode many) {
      for (JsonNode p : many) {
        if (p instanceof ObjectNode o) {
          filterReads(o, out);
        }
      }
    }
  }

  /**
   * The keys the conditions under {@code node} read, at any depth; a {@code nested} condition's keys
   * are read inside the elements of its key's array, so they are prefixed with it.
   */
  private static void conditions(@Nullable JsonNode node, String prefix, List<KeyRead> out) {
    if (node instanceof ArrayNode array) {
      array.forEach(child -> conditions(child, prefix, out));
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    JsonNode nestedNode = object.get("nested");
    if (nestedNode instanceof ObjectNode nested && nested.path("key").isTextual()) {
      // The nested key only says where to look; the conditions inside read the fields.
      conditions(nested.get("filter"), prefix + nested.get("key").textValue() + "[].", out);
    }
    JsonNode key = object.get("key");
    if (key != null && key.isTextual()) {
      out.add(new KeyRead(KeyUse.FILTER, prefix + key.textValue(), isExactMatch(object)));
    }
    // Walk on even past a field condition: whatever else the object holds is read too, so that no
    // condition can hide beside a key the server might ignore.
    object.fields().forEachRemaining(e -> {
      if (!(e.getValue() == nestedNode && nestedNode.path("key").isTextual())) {
        conditions(e.getValue(), prefix, out);
      }
    });
  }

  /**
   * A condition of only {@code key} and a {@code match} by {@code value}, {@code any} or
   * {@code except}: equality with given values, not text. Qdrant ORs every part of one field
   * condition ({@code match || range || values_count || ...}), so a condition with any other part
   * is not an exact lookup, whatever its match says.
   */
  private static boolean isExactMatch(ObjectNode condition) {
    return condition.size() == 2 && condition.get("match") instanceof ObjectNode m && m.size() == 1
        && (m.has("value") || m.has("any") || m.has("except"));
  }

  /** The reads of a body: each entry of a batch's {@code searches}, else the body itself. */
  static List<ObjectNode> reads(QdrantRequestKind kind, ObjectNode body) throws RestClassificationException {
    if (!kind.isBatch()) {
      return List.of(body);
    }
    List<ObjectNode> reads = new ArrayList<>();
    ArrayNode searches = Json.optArray(body, "searches", "");
    if (searches != null) {
      for (JsonNode search : searches) {
        if (!(search instanceof ObjectNode s)) {
          throw new RestClassificationException("'searches' must hold JSON objects");
        }
        reads.add(s);
      }
    }
    return reads;
  }
}
