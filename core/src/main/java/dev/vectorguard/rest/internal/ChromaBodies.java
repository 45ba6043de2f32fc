package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Obligations;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.chroma.ChromaApi.Kind;
import dev.vectorguard.chroma.ChromaRules;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.rest.RestClassificationException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Facts, rewriting and masking of Chroma v2 record bodies; not public API. */
final class ChromaBodies {
  /** Chroma documents are masked as this pseudo-field: a rule {@code {field: document}} applies to them. */
  static final String DOCUMENT = ChromaRules.DOCUMENT;

  private static final JsonLayout FLAT = JsonLayout.of(List.of("metadatas[*]"), List.of("embeddings"));
  private static final JsonLayout NESTED = JsonLayout.of(List.of("metadatas[*][*]"), List.of("embeddings"));

  private ChromaBodies() {}

  /** The streaming engine's pass over the response, the first step of {@link #mask}. */
  interface Streaming {
    MaskCounts mask(OutputStream target, JsonLayout layout) throws MaskingException;
  }

  static RequestFacts facts(Kind shape, ObjectNode body) throws RestClassificationException {
    RequestFacts.Builder facts = RequestFacts.builder();
    Set<String> filterFields = new LinkedHashSet<>();
    boolean filter = false;
    for (String field : List.of("where", "where_document")) {
      JsonNode where = body.get(field);
      if (where != null && !where.isNull()) {
        filter = true;
        if (field.equals("where")) {
          whereKeys(where, filterFields);
        }
      }
    }
    Long limit = Json.optCount(body, shape == Kind.QUERY ? "n_results" : "limit", "");
    ArrayNode include = Json.optArray(body, "include", "");
    List<String> included = include == null ? List.of() : Json.texts(include, "include");
    boolean vectors = included.contains("embeddings");
    if (shape == Kind.SEARCH && body.get("searches") != null) {
      for (ObjectNode search : searches(body)) {
        vectors |= selectKeys(search).contains(EMBEDDING_KEY);
      }
    }
    return facts.limit(limit == null ? null : (int) Math.min(Integer.MAX_VALUE, limit))
        .filterPresent(filter)
        .filterFields(List.copyOf(filterFields))
        .vectorsRequested(vectors)
        .outputFields(included)
        .build();
  }

  /** The key a search's {@code select} names embeddings by ({@code Key::Embedding}, matched exactly by Chroma). */
  private static final String EMBEDDING_KEY = "#embedding";

  /** The objects of a search body's {@code searches}. */
  private static List<ObjectNode> searches(ObjectNode body) throws RestClassificationException {
    ArrayNode searches = Json.optArray(body, "searches", "");
    if (searches == null) {
      throw new RestClassificationException("a search must have 'searches'");
    }
    List<ObjectNode> out = new java.util.ArrayList<>();
    for (JsonNode element : searches) {
      if (!(element instanceof ObjectNode search)) {
        throw new RestClassificationException("'searches' must hold JSON objects");
      }
      out.add(search);
    }
    return out;
  }

  private static List<String> selectKeys(ObjectNode search) throws RestClassificationException {
    ObjectNode select = Json.optObject(search, "select", "searches[].");
    ArrayNode keys = select == null ? null : Json.optArray(select, "keys", "searches[].select.");
    return keys == null ? List.of() : Json.texts(keys, "searches[].select.keys");
  }

  private static void whereKeys(JsonNode where, Set<String> out) {
    if (where instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("$")) {
          out.add(e.getKey());
        }
        whereKeys(e.getValue(), out);
      });
    } else if (where instanceof ArrayNode array) {
      array.forEach(child -> whereKeys(child, out));
    }
  }

  static boolean rewrite(Kind shape, ObjectNode body, Obligations ob) throws RestClassificationException {
    boolean changed = false;
    switch (shape) {
      case QUERY, GET -> {
        Integer max = ob.maxResults();
        String limitField = shape == Kind.QUERY ? "n_results" : "limit";
        if (max != null) {
          Long limit = Json.optCount(body, limitField, "");
          long effective = limit == null ? (shape == Kind.QUERY ? 10 : Long.MAX_VALUE) : limit;
          if (effective > max) {
            body.put(limitField, max);
            changed = true;
          }
        }
        if (ob.stripVectors()) {
          ArrayNode include = Json.optArray(body, "include", "");
          if (include != null) {
            for (Iterator<JsonNode> it = include.iterator(); it.hasNext(); ) {
              if (it.next().asText().equals("embeddings")) {
                it.remove();
                changed = true;
              }
            }
          }
        }
        changed |= where(body, "where", ob);
      }
      case DELETE -> {
        if (!ob.tenantFilters().isEmpty()) {
          ModelRules.enforce(() -> ChromaRules.checkDeleteSelects(selectsRecords(body)));
        }
        changed = where(body, "where", ob);
      }
      case SEARCH -> {
        for (ObjectNode search : searches(body)) {
          changed |= search(search, ob);
        }
      }
      case ADD -> checkTenantMetadata(body, ob);
      default -> { }
    }
    return changed;
  }

  private static boolean search(ObjectNode search, Obligations ob) throws RestClassificationException {
    boolean changed = false;
    Integer max = ob.maxResults();
    if (max != null) {
      ObjectNode limit = Json.optObject(search, "limit", "searches[].");
      if (limit == null) {
        limit = search.putObject("limit");
      }
      Long current = Json.optCount(limit, "limit", "searches[].limit.");
      if (current == null || current > max) {
        limit.put("limit", max);
        changed = true;
      }
    }
    if (ob.stripVectors()) {
      ObjectNode select = Json.optObject(search, "select", "searches[].");
      ArrayNode keys = select == null ? null : Json.optArray(select, "keys", "searches[].select.");
      if (keys != null) {
        for (Iterator<JsonNode> it = keys.iterator(); it.hasNext(); ) {
          if (it.next().asText().equals(EMBEDDING_KEY)) {
            it.remove();
            changed = true;
          }
        }
      }
    }
    if (!ob.tenantFilters().isEmpty()) {
      // Chroma 1.x reads a search's filter as a where clause; the older {query_ids, where_clause}
      // shape keeps its where clause inside.
      ObjectNode filter = Json.optObject(search, "filter", "searches[].");
      changed |= filter != null && ChromaReads.isLegacyFilter(filter)
          ? where(filter, "where_clause", ob) : where(search, "filter", ob);
    }
    return changed;
  }

  /** ANDs the tenant conditions into a {@code where} clause. */
  private static boolean where(ObjectNode node, String field, Obligations ob) throws RestClassificationException {
    if (ob.tenantFilters().isEmpty()) {
      return false;
    }
    ArrayNode and = Json.arrayNode();
    for (TenantFilter tenant : ob.tenantFilters()) {
      and.addObject().putObject(tenant.field()).put("$eq", tenant.value());
    }
    JsonNode existing = node.get(field);
    if (existing != null && !existing.isNull() && !(existing.isObject() && existing.isEmpty())) {
      if (!existing.isObject()) {
        throw new RestClassificationException("'" + field + "' must be a JSON object");
      }
      and.add(existing);
    }
    if (and.size() == 1) {
      node.set(field, and.get(0));
    } else {
      node.putObject(field).set("$and", and);
    }
    return true;
  }

  private static void checkTenantMetadata(ObjectNode body, Obligations ob) throws RestClassificationException {
    if (ob.tenantFilters().isEmpty()) {
      return;
    }
    ArrayNode ids = Json.optArray(body, "ids", "");
    ArrayNode metadatas = Json.optArray(body, "metadatas", "");
    int count = ids == null ? 0 : ids.size();
    for (int i = 0; i < count; i++) {
      JsonNode metadata = metadatas == null || i >= metadatas.size() ? null : metadatas.get(i);
      String what = "record " + ids.get(i);
      for (TenantFilter tenant : ob.tenantFilters()) {
        JsonNode value = metadata == null ? null : metadata.get(tenant.field());
        Object seen = value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value;
        ModelRules.enforce(() -> ChromaRules.checkTenantValue(seen, tenant.field(), tenant.value(), what));
      }
    }
  }

  /** Whether a delete body selects any record: ids, or a non-empty where or where_document. */
  private static boolean selectsRecords(ObjectNode body) {
    JsonNode ids = body.get("ids");
    JsonNode where = body.get("where");
    JsonNode document = body.get("where_document");
    return ids != null && ids.isArray() && !ids.isEmpty()
        || where != null && where.isObject() && !where.isEmpty()
        || document != null && document.isObject() && !document.isEmpty();
  }

  /**
   * Masks a get ({@code flat}) or query/search response in two streaming passes: metadata records
   * and embeddings through the engine ({@code records}), then {@link ChromaStream}: each document
   * as the pseudo-field {@value #DOCUMENT}; when
   * {@code allowed} is set, metadata keys outside it are removed (and documents, unless allowed).
   * When the plan strips vectors, sparse vectors kept in metadata go too: a metadata value that
   * is an object ({@code {"#type": "sparse_vector", "indices": [...], "values": [...]}}, the only
   * object a metadata value may be) is one vector.
   */
  static MaskCounts mask(boolean flat, MaskPlan plan, @Nullable Set<String> allowed, Streaming records,
      OutputStream out) throws MaskingException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    MaskCounts counts = records.mask(first, flat ? FLAT : NESTED);
    return counts.plus(ChromaStream.apply(flat, plan, allowed, first.toByteArray(), out));
  }
}
