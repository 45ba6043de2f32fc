package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.qdrant.QdrantApi;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.qdrant.QdrantRequestView;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
      Set<String> filterKeys = new LinkedHashSet<>();
      QdrantFacts.filterKeys(read, filterKeys);
      filterKeys.forEach(k -> keys.add(new KeyRead(KeyUse.FILTER, k)));
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
