package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a Qdrant request body reveals: the other collections it touches ({@code lookup_from},
 * {@code with_lookup}, alias actions) and its {@link RequestFacts}. Not public API.
 */
record QdrantFacts(List<String> collections, RequestFacts facts) {

  static QdrantFacts of(QdrantRequestKind shape, ObjectNode body) throws RestClassificationException {
    Set<String> collections = new LinkedHashSet<>();
    Set<String> filterFields = new LinkedHashSet<>();
    Set<String> outputFields = new LinkedHashSet<>();
    boolean[] vectors = {shape == QdrantRequestKind.POINT};
    boolean filterPresent = false;
    Long limit = null;
    List<ObjectNode> reads = QdrantJsonView.reads(shape, body);
    String where = shape.isBatch() ? "searches[]." : "";
    for (ObjectNode read : reads) {
      lookups(read, where, collections);
      JsonNode filter = read.get("filter");
      filterPresent |= filter != null && !filter.isNull();
      for (String field : List.of("group_by", "key")) {
        String value = Json.optText(read, field, where);
        if (value != null && (field.equals("group_by") || shape == QdrantRequestKind.FACET)) {
          filterFields.add(value);
        }
      }
      String orderBy = orderBy(read, where);
      if (orderBy != null) {
        filterFields.add(orderBy);
      }
      filterFields.addAll(queryOrderBys(read));
      filterKeys(read, filterFields);
      Long readLimit = Json.optCount(read, "limit", where);
      if (readLimit != null) {
        limit = limit == null ? readLimit : Math.max(limit, readLimit);
      }
      vectors[0] |= truthy(read.get("with_vector")) || truthy(read.get("with_vectors"));
      JsonNode withLookup = read.get("with_lookup");
      if (withLookup instanceof ObjectNode lookup) {
        vectors[0] |= truthy(lookup.get("with_vectors")) || truthy(lookup.get("with_vector"));
      }
      payloadFields(read.get("with_payload"), outputFields);
    }
    if (shape == QdrantRequestKind.ALIASES) {
      aliasCollections(body, collections);
    }
    if (shape == QdrantRequestKind.CREATE_COLLECTION) {
      ObjectNode initFrom = Json.optObject(body, "init_from", "");
      if (initFrom != null) {
        String source = Json.optText(initFrom, "collection", "init_from.");
        if (source != null) {
          collections.add(Paths.checkName("collection", source));
        }
      }
    }
    RequestFacts facts = RequestFacts.builder()
        .limit(limit == null ? null : (int) Math.min(Integer.MAX_VALUE, limit))
        .vectorsRequested(vectors[0])
        .filterPresent(filterPresent)
        .outputFields(List.copyOf(outputFields))
        .filterFields(List.copyOf(filterFields))
        .build();
    return new QdrantFacts(List.copyOf(collections), facts);
  }

  /** The payload key of {@code order_by} (a string or {@code {"key": ...}}), or {@code null}. */
  static @Nullable String orderBy(ObjectNode read, String where) throws RestClassificationException {
    JsonNode orderBy = read.get("order_by");
    if (orderBy == null || orderBy.isNull()) {
      return null;
    }
    if (orderBy.isTextual()) {
      return orderBy.textValue();
    }
    if (orderBy instanceof ObjectNode object) {
      return Json.optText(object, "key", where + "order_by.");
    }
    throw new RestClassificationException("'" + where + "order_by' must be a string or an object");
  }

  /** Every key the filters of {@code read} and of its prefetches, at any depth, name. */
  static void filterKeys(ObjectNode read, Set<String> out) {
    JsonNode filter = read.get("filter");
    if (filter != null && !filter.isNull()) {
      keys(filter, out);
    }
    prefetchFilterKeys(read.get("prefetch"), out);
  }

  /** The keys of the filters of {@code prefetch} (an object or an array) and of the prefetches nested in it. */
  private static void prefetchFilterKeys(@Nullable JsonNode prefetch, Set<String> out) {
    if (prefetch instanceof ArrayNode many) {
      many.forEach(p -> prefetchFilterKeys(p, out));
    } else if (prefetch instanceof ObjectNode p) {
      JsonNode filter = p.get("filter");
      if (filter != null && !filter.isNull()) {
        keys(filter, out);
      }
      prefetchFilterKeys(p.get("prefetch"), out);
    }
  }

  /**
   * The payload keys a query's score formula ({@code query.formula}, also inside prefetches)
   * reads: its variables (bare strings other than {@code $score…}), {@code datetime_key}s,
   * {@code geo_distance.to} and the keys of its conditions. Literals ({@code datetime}, match
   * values, {@code defaults}) are not keys.
   */
  static List<String> formulaKeys(ObjectNode read) {
    List<String> out = new ArrayList<>();
    formulaKeys(read, out);
    return out;
  }

  private static void formulaKeys(@Nullable JsonNode read, List<String> out) {
    if (!(read instanceof ObjectNode object)) {
      return;
    }
    if (object.get("query") instanceof ObjectNode query && query.get("formula") != null) {
      expressionKeys(query.get("formula"), out);
    }
    JsonNode prefetch = object.get("prefetch");
    if (prefetch instanceof ArrayNode many) {
      many.forEach(p -> formulaKeys(p, out));
    } else {
      formulaKeys(prefetch, out);
    }
  }

  private static void expressionKeys(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      if (!node.textValue().startsWith("$")) {
        out.add(node.textValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> expressionKeys(child, out));
    } else if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> {
        JsonNode value = e.getValue();
        switch (e.getKey()) {
          case "key", "datetime_key" -> {
            if (value.isTextual()) {
              out.add(value.textValue());
            }
          }
          case "geo_distance" -> {
            if (value.path("to").isTextual()) {
              out.add(value.get("to").textValue());
            }
          }
          case "datetime", "defaults", "match", "range", "geo_bounding_box", "geo_radius", "geo_polygon",
              "values_count", "scale", "midpoint" -> { } // literals and condition parameters
          default -> expressionKeys(value, out);
        }
      });
    }
  }

  /** The keys a query orders by: {@code query.order_by}, also inside prefetches (each point gets an {@code order_value}). */
  static List<String> queryOrderBys(ObjectNode read) throws RestClassificationException {
    List<String> out = new ArrayList<>();
    queryOrderBys(read, "", out);
    return out;
  }

  private static void queryOrderBys(@Nullable JsonNode read, String where, List<String> out)
      throws RestClassificationException {
    if (!(read instanceof ObjectNode object)) {
      return;
    }
    if (object.get("query") instanceof ObjectNode query) {
      String key = orderBy(query, where + "query.");
      if (key != null) {
        out.add(key);
      }
    }
    JsonNode prefetch = object.get("prefetch");
    if (prefetch instanceof ArrayNode many) {
      for (JsonNode p : many) {
        queryOrderBys(p, where + "prefetch[].", out);
      }
    } else {
      queryOrderBys(prefetch, where + "prefetch.", out);
    }
  }

  /** Collections named by {@code lookup_from} (also inside prefetches) and {@code with_lookup}. */
  static void lookups(ObjectNode read, String where, Set<String> out) throws RestClassificationException {
    ObjectNode lookupFrom = Json.optObject(read, "lookup_from", where);
    if (lookupFrom != null) {
      String name = Json.optText(lookupFrom, "collection", where + "lookup_from.");
      if (name != null) {
        out.add(Paths.checkName("collection", name));
      }
    }
    JsonNode withLookup = read.get("with_lookup");
    if (withLookup != null && !withLookup.isNull()) {
      String name = withLookup.isTextual() ? withLookup.textValue()
          : withLookup instanceof ObjectNode object ? Json.optText(object, "collection", where + "with_lookup.") : null;
      if (name == null) {
        throw new RestClassificationException("'" + where + "with_lookup' must name a collection");
      }
      out.add(Paths.checkName("collection", name));
    }
    JsonNode prefetch = read.get("prefetch");
    if (prefetch instanceof ObjectNode one) {
      lookups(one, where + "prefetch.", out);
    } else if (prefetch instanceof ArrayNode many) {
      for (JsonNode element : many) {
        if (!(element instanceof ObjectNode p)) {
          throw new RestClassificationException("'" + where + "prefetch' must hold JSON objects");
        }
        lookups(p, where + "prefetch[].", out);
      }
    } else if (prefetch != null && !prefetch.isNull()) {
      throw new RestClassificationException("'" + where + "prefetch' must be an object or an array");
    }
  }

  private static void aliasCollections(ObjectNode body, Set<String> out) throws RestClassificationException {
    ArrayNode actions = Json.optArray(body, "actions", "");
    if (actions == null) {
      throw new RestClassificationException("an alias update must have 'actions'");
    }
    for (JsonNode action : actions) {
      if (!(action instanceof ObjectNode a) || a.size() != 1) {
        throw new RestClassificationException("each alias action must be an object with exactly one operation");
      }
      String kind = a.fieldNames().next();
      ObjectNode op = Json.optObject(a, kind, "actions[].");
      if (op == null) {
        throw new RestClassificationException("alias action '" + kind + "' must be an object");
      }
      List<String> fields = switch (kind) {
        case "create_alias" -> List.of("collection_name", "alias_name");
        case "rename_alias" -> List.of("old_alias_name", "new_alias_name");
        case "delete_alias" -> List.of("alias_name");
        default -> throw new RestClassificationException("unknown alias action '" + kind + "'");
      };
      for (String field : fields) {
        String name = Json.optText(op, field, "actions[]." + kind + ".");
        if (name == null) {
          throw new RestClassificationException("alias action '" + kind + "' must have '" + field + "'");
        }
        out.add(Paths.checkName("collection", name));
      }
    }
  }

  /** Every {@code key} named anywhere in a filter. */
  static void keys(JsonNode node, Set<String> out) {
    if (node instanceof ObjectNode object) {
      JsonNode key = object.get("key");
      if (key != null && key.isTextual()) {
        out.add(key.textValue());
      }
      object.elements().forEachRemaining(child -> keys(child, out));
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> keys(child, out));
    }
  }

  private static void payloadFields(@Nullable JsonNode withPayload, Set<String> out) {
    if (withPayload instanceof ArrayNode list) {
      list.forEach(f -> out.add(f.asText()));
    } else if (withPayload instanceof ObjectNode selector && selector.get("include") instanceof ArrayNode include) {
      include.forEach(f -> out.add(f.asText()));
    }
  }

  static boolean truthy(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return !(node.isContainerNode() && node.isEmpty()) || node.isObject();
  }
}
