package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.qdrant.QdrantRules;
import dev.vectorguard.rest.RestClassificationException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites Qdrant REST bodies to obey obligations, in place. Tenant filters are added as
 * {@code {"must": [tenant conditions..., <original filter as a nested condition>]}}, which leaves
 * the original {@code should}/{@code must_not}/{@code min_should} semantics intact. Not public API.
 */
final class QdrantRewriter {

  private QdrantRewriter() {}

  /** Rewrites {@code body}; returns whether it changed. */
  static boolean rewrite(QdrantRequestKind shape, ObjectNode body, Obligations ob) throws RestClassificationException {
    boolean tenant = !ob.tenantFilters().isEmpty();
    switch (shape) {
      case SEARCH, GROUPS, QUERY, SCROLL -> {
        return read(shape, body, ob, "");
      }
      case SEARCH_BATCH, QUERY_BATCH -> {
        boolean changed = false;
        ArrayNode searches = Json.optArray(body, "searches", "");
        if (searches == null) {
          throw new RestClassificationException("a batch request must have 'searches'");
        }
        Obligations each = ModelRules.apply(() -> QdrantRules.batchEntries(searches.size(), ob));
        for (JsonNode search : searches) {
          changed |= read(shape, (ObjectNode) search, each, "searches[].");
        }
        return changed;
      }
      case POINTS_BY_IDS -> {
        if (tenant) {
          throw new RestClassificationException("reading points by id cannot be tenant-filtered");
        }
        boolean changed = false;
        ArrayNode ids = Json.optArray(body, "ids", "");
        if (ob.maxResults() != null && ids != null && ids.size() > ob.maxResults()) {
          int keep = QdrantRules.idsWithin(ids.size(), ob.maxResults());
          while (ids.size() > keep) {
            ids.remove(ids.size() - 1);
          }
          changed = true;
        }
        return vectorsOff(body, ob) | payloadFields(shape, body, ob, "") | changed;
      }
      case COUNT -> {
        return tenantFilter(body, "filter", ob, "");
      }
      case FACET -> {
        boolean changed = clamp(body, "limit", ob, QdrantRules.DEFAULT_LIMIT, "");
        return tenantFilter(body, "filter", ob, "") | changed;
      }
      case MATRIX -> {
        boolean changed = false;
        Integer max = ob.maxResults();
        if (max != null) {
          long limit = orDefault(Json.optCount(body, "limit", ""), QdrantRules.DEFAULT_MATRIX_LIMIT);
          long sample = orDefault(Json.optCount(body, "sample", ""), QdrantRules.DEFAULT_MATRIX_SAMPLE);
          long[] within = QdrantRules.matrixWithin(limit, sample, max);
          changed |= setIfAbove(body, "limit", within[0], limit, QdrantRules.DEFAULT_MATRIX_LIMIT);
          changed |= setIfAbove(body, "sample", within[1], sample, QdrantRules.DEFAULT_MATRIX_SAMPLE);
        }
        return tenantFilter(body, "filter", ob, "") | changed;
      }
      default -> {
        return tenant && write(shape, body, ob, "");
      }
    }
  }

  private static boolean read(QdrantRequestKind shape, ObjectNode read, Obligations ob, String where)
      throws RestClassificationException {
    boolean changed = false;
    Integer max = ob.maxResults();
    if (max != null) {
      if (shape == QdrantRequestKind.GROUPS) {
        long groupSize = orDefault(Json.optCount(read, "group_size", where), QdrantRules.DEFAULT_GROUP_SIZE);
        long groups = orDefault(Json.optCount(read, "limit", where), QdrantRules.DEFAULT_LIMIT);
        long[] within = QdrantRules.groupsWithin(groupSize, groups, max);
        changed |= setIfAbove(read, "group_size", within[0], groupSize, QdrantRules.DEFAULT_GROUP_SIZE);
        changed |= setIfAbove(read, "limit", within[1], groups, QdrantRules.DEFAULT_LIMIT);
      } else {
        changed |= clampLimit(read, ob, where);
      }
    }
    changed |= vectorsOff(read, ob);
    changed |= tenantFilter(read, "filter", ob, where);
    changed |= prefetches(read.get("prefetch"), ob, where + "prefetch");
    changed |= payloadFields(shape, read, ob, where);
    return changed;
  }

  /**
   * ANDs the tenant filter into every prefetch's filter and caps every prefetch's limit, at any
   * depth: a prefetch chooses the candidates the query scores, so none may come from another
   * tenant, and the cap bounds what any part of a read makes the server read.
   */
  private static boolean prefetches(@Nullable JsonNode prefetch, Obligations ob, String where)
      throws RestClassificationException {
    if (prefetch == null || prefetch.isNull()) {
      return false;
    }
    boolean changed = false;
    if (prefetch instanceof ArrayNode many) {
      for (JsonNode p : many) {
        changed |= prefetches(p, ob, where + "[]");
      }
    } else if (prefetch instanceof ObjectNode p) {
      Integer max = ob.maxResults();
      if (max != null) {
        long limit = orDefault(Json.optCount(p, "limit", where + "."), QdrantRules.DEFAULT_LIMIT);
        changed |= setIfAbove(p, "limit", QdrantRules.prefetchWithin(limit, max), limit, QdrantRules.DEFAULT_LIMIT);
      }
      changed |= tenantFilter(p, "filter", ob, where + ".");
      changed |= prefetches(p.get("prefetch"), ob, where + ".prefetch");
    } else {
      throw new RestClassificationException("'" + where + "' must be an object or an array");
    }
    return changed;
  }

  private static boolean write(QdrantRequestKind shape, ObjectNode op, Obligations ob, String where)
      throws RestClassificationException {
    switch (shape) {
      case UPSERT -> {
        checkUpsertedPayloads(op, ob, where);
        return tenantFilter(op, "update_filter", ob, where);
      }
      case UPDATE_VECTORS -> {
        return tenantFilter(op, "update_filter", ob, where);
      }
      case DELETE_POINTS, DELETE_VECTORS -> {
        return selector(op, ob, where);
      }
      case SET_PAYLOAD, OVERWRITE_PAYLOAD -> {
        checkPayloadChange(op, ob, shape == QdrantRequestKind.OVERWRITE_PAYLOAD, where);
        return selector(op, ob, where);
      }
      case DELETE_PAYLOAD -> {
        ArrayNode keys = Json.optArray(op, "keys", where);
        List<String> deleted = keys == null ? List.of() : Json.texts(keys, where + "keys");
        ModelRules.enforce(() -> QdrantRules.checkDeletedKeys(deleted, ob));
        return selector(op, ob, where);
      }
      case CLEAR_PAYLOAD -> {
        ModelRules.enforce(() -> QdrantRules.checkClearPayload(ob));
        return false;
      }
      case BATCH_UPDATE -> {
        ArrayNode operations = Json.optArray(op, "operations", where);
        if (operations == null) {
          throw new RestClassificationException("a points batch must have 'operations'");
        }
        boolean changed = false;
        for (JsonNode element : operations) {
          if (!(element instanceof ObjectNode operation) || operation.size() != 1) {
            throw new RestClassificationException("each batch operation must be an object with exactly one operation");
          }
          String kind = operation.fieldNames().next();
          ObjectNode inner = Json.optObject(operation, kind, "operations[].");
          if (inner == null) {
            throw new RestClassificationException("batch operation '" + kind + "' must be an object");
          }
          QdrantRequestKind innerShape = switch (kind) {
            case "upsert" -> QdrantRequestKind.UPSERT;
            case "delete" -> QdrantRequestKind.DELETE_POINTS;
            case "set_payload" -> QdrantRequestKind.SET_PAYLOAD;
            case "overwrite_payload" -> QdrantRequestKind.OVERWRITE_PAYLOAD;
            case "delete_payload" -> QdrantRequestKind.DELETE_PAYLOAD;
            case "clear_payload" -> QdrantRequestKind.CLEAR_PAYLOAD;
            case "update_vectors" -> QdrantRequestKind.UPDATE_VECTORS;
            case "delete_vectors" -> QdrantRequestKind.DELETE_VECTORS;
            default -> throw new RestClassificationException("unknown batch operation '" + kind + "'");
          };
          changed |= write(innerShape, inner, ob, "operations[]." + kind + ".");
        }
        return changed;
      }
      default -> {
        return false;
      }
    }
  }

  /** Every upserted point must carry each tenant field with the caller's value. */
  private static void checkUpsertedPayloads(ObjectNode op, Obligations ob, String where)
      throws RestClassificationException {
    ArrayNode points = Json.optArray(op, "points", where);
    ObjectNode batch = Json.optObject(op, "batch", where);
    if (points != null && batch != null) {
      // Qdrant reads 'batch' whenever it is there and ignores 'points': checking one while the other
      // is written would let a decoy through.
      throw new RestClassificationException("an upsert must name its points once, in 'points' or in 'batch'");
    }
    if (points != null) {
      int i = 0;
      for (JsonNode point : points) {
        JsonNode payload = point.get("payload");
        checkTenantValues(payload, ob, "point " + (point.has("id") ? point.get("id").toString() : "#" + i));
        i++;
      }
    } else if (batch != null) {
      ArrayNode payloads = Json.optArray(batch, "payloads", where + "batch.");
      ArrayNode ids = Json.optArray(batch, "ids", where + "batch.");
      if (payloads == null || ids == null || payloads.size() != ids.size()) {
        throw new RestClassificationException("every point of a batch upsert must have a payload with the tenant field '"
            + ob.tenantFilters().get(0).field() + "'");
      }
      for (int i = 0; i < payloads.size(); i++) {
        checkTenantValues(payloads.get(i), ob, "point " + ids.get(i).toString());
      }
    } else {
      throw new RestClassificationException("an upsert must have 'points' or 'batch'");
    }
  }

  private static void checkTenantValues(@Nullable JsonNode payload, Obligations ob, String what)
      throws RestClassificationException {
    for (TenantFilter filter : ob.tenantFilters()) {
      JsonNode value = payload == null ? null : valueAt(payload, filter.field());
      Object seen = value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value;
      ModelRules.enforce(() -> QdrantRules.checkTenantValue(seen, filter, what));
    }
  }

  private static void checkPayloadChange(ObjectNode op, Obligations ob, boolean overwrite, String where)
      throws RestClassificationException {
    String key = Json.optText(op, "key", where);
    if (key != null) {
      ModelRules.enforce(() -> QdrantRules.checkPayloadKey(key, ob));
    }
    JsonNode payload = op.get("payload");
    if (overwrite || key == null && payload != null) {
      for (TenantFilter filter : ob.tenantFilters()) {
        JsonNode value = payload == null ? null : valueAt(payload, filter.field());
        if (value == null && !overwrite && !payload.has(filter.field().split("[.\\[]", 2)[0])) {
          continue; // set_payload replaces top-level keys only: without the tenant field's top key it keeps it
        }
        if (value == null || !value.isTextual() || !value.textValue().equals(filter.value())) {
          throw new RestClassificationException((overwrite ? "overwriting" : "setting") + " the payload "
              + (value == null ? "without" : "with a different") + " tenant field '" + filter.field()
              + "' would move points out of the caller's tenant");
        }
      }
    }
  }

  /**
   * The value at the path {@code field} ({@code meta.tenant} is {@code tenant} inside {@code meta}, as
   * Qdrant filters read it; a top-level key spelled {@code "meta.tenant"} is not it), or {@code null}.
   */
  private static @Nullable JsonNode valueAt(JsonNode payload, String field) {
    JsonNode node = payload;
    for (String segment : field.split("\\.")) {
      node = node instanceof ObjectNode object ? object.get(segment) : null;
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Turns a points selector ({@code points} and/or {@code filter}) into a tenant-filtered filter. */
  private static boolean selector(ObjectNode op, Obligations ob, String where) throws RestClassificationException {
    JsonNode points = op.remove("points");
    JsonNode existing = op.remove("filter");
    boolean empty = (points == null || points.isNull() || points.isArray() && points.isEmpty())
        && (existing == null || existing.isNull());
    ModelRules.enforce(() -> QdrantRules.checkSelectorNotEmpty(empty, where.isEmpty() ? "the request" : where));
    ArrayNode must = tenantConditions(ob);
    if (points != null && !points.isNull()) {
      if (!points.isArray()) {
        throw new RestClassificationException("'" + where + "points' must be an array of point ids");
      }
      must.addObject().set("has_id", points);
    }
    if (existing != null && !existing.isNull()) {
      if (!existing.isObject()) {
        throw new RestClassificationException("'" + where + "filter' must be a JSON object");
      }
      must.add(existing);
    }
    op.putObject("filter").set("must", must);
    return true;
  }

  private static boolean tenantFilter(ObjectNode node, String field, Obligations ob, String where)
      throws RestClassificationException {
    if (ob.tenantFilters().isEmpty()) {
      return false;
    }
    JsonNode existing = node.get(field);
    ArrayNode must = tenantConditions(ob);
    if (existing != null && !existing.isNull()) {
      if (!existing.isObject()) {
        throw new RestClassificationException("'" + where + field + "' must be a JSON object");
      }
      must.add(existing);
    }
    ObjectNode filter = Json.objectNode();
    filter.set("must", must);
    node.set(field, filter);
    return true;
  }

  private static ArrayNode tenantConditions(Obligations ob) {
    ArrayNode must = Json.arrayNode();
    for (TenantFilter filter : ob.tenantFilters()) {
      ObjectNode condition = must.addObject();
      condition.put("key", filter.field());
      condition.putObject("match").put("value", filter.value());
    }
    return must;
  }

  private static boolean vectorsOff(ObjectNode read, Obligations ob) {
    if (!ob.stripVectors()) {
      return false;
    }
    boolean changed = false;
    if (QdrantFacts.truthy(read.get("with_vector")) || QdrantFacts.truthy(read.get("with_vectors"))) {
      read.remove("with_vectors");
      read.put("with_vector", false);
      changed = true;
    }
    JsonNode lookup = read.get("with_lookup");
    if (lookup != null && lookup.isTextual()) {
      ObjectNode expanded = Json.objectNode().put("collection", lookup.textValue()).put("with_vectors", false);
      read.set("with_lookup", expanded);
      changed = true;
    } else if (lookup instanceof ObjectNode object
        && (QdrantFacts.truthy(object.get("with_vectors")) || QdrantFacts.truthy(object.get("with_vector")))) {
      object.remove("with_vector");
      object.put("with_vectors", false);
      changed = true;
    }
    return changed;
  }

  /**
   * Restricts {@code with_payload}, and that of {@code with_lookup} (whose string form returns the
   * looked-up records' whole payload), to the allowed output fields.
   */
  private static boolean payloadFields(QdrantRequestKind kind, ObjectNode read, Obligations ob, String where)
      throws RestClassificationException {
    Set<String> allowed = ob.allowedOutputFields();
    if (allowed == null) {
      return false;
    }
    boolean changed = restrictPayload(read, QdrantRules.returnsPayloadByDefault(kind), allowed, where);
    JsonNode lookup = read.get("with_lookup");
    if (lookup != null && lookup.isTextual()) {
      ObjectNode expanded = Json.objectNode().put("collection", lookup.textValue());
      read.set("with_lookup", expanded);
      lookup = expanded;
    }
    if (lookup instanceof ObjectNode object) {
      changed |= restrictPayload(object, true, allowed, where + "with_lookup.");
    }
    return changed;
  }

  private static boolean restrictPayload(ObjectNode node, boolean byDefault, Set<String> allowed, String where)
      throws RestClassificationException {
    JsonNode current = node.get("with_payload");
    QdrantRules.PayloadAsk ask;
    List<String> fields = List.of();
    if ((current == null || current.isNull()) && !byDefault) {
      return false; // the server returns no payload: asking for the allowed fields would widen the call
    }
    if (current == null || current.isNull() || current.isBoolean() && current.booleanValue()) {
      ask = QdrantRules.PayloadAsk.ALL;
    } else if (current.isBoolean()) {
      return false;
    } else if (current instanceof ArrayNode list) {
      ask = QdrantRules.PayloadAsk.INCLUDE;
      fields = Json.texts(list, where + "with_payload");
    } else if (current instanceof ObjectNode selector && selector.get("include") instanceof ArrayNode include) {
      ask = QdrantRules.PayloadAsk.INCLUDE;
      fields = Json.texts(include, where + "with_payload.include");
    } else if (current instanceof ObjectNode selector && selector.get("exclude") instanceof ArrayNode exclude) {
      ask = QdrantRules.PayloadAsk.EXCLUDE;
      fields = Json.texts(exclude, where + "with_payload.exclude");
    } else {
      throw new RestClassificationException("'" + where + "with_payload' must be a boolean, a list of fields, "
          + "or an object with 'include' or 'exclude'");
    }
    List<String> keep = QdrantRules.payloadWithin(ask, fields, allowed);
    if (keep.isEmpty()) {
      node.put("with_payload", false);
    } else {
      ArrayNode list = node.putArray("with_payload");
      keep.forEach(list::add);
    }
    return true;
  }

  /**
   * Clamps a read's result size: {@code limit} and its serde alias {@code top} (search and
   * recommend), which Qdrant reads when {@code limit} is absent. Both are set, so that whichever
   * the server reads is within the cap.
   */
  private static boolean clampLimit(ObjectNode read, Obligations ob, String where) throws RestClassificationException {
    boolean changed = false;
    if (read.has("top")) {
      changed = clamp(read, "top", ob, QdrantRules.DEFAULT_LIMIT, where);
    }
    return clamp(read, "limit", ob, QdrantRules.DEFAULT_LIMIT, where) | changed;
  }

  private static boolean clamp(ObjectNode node, String field, Obligations ob, long serverDefault, String where)
      throws RestClassificationException {
    Integer max = ob.maxResults();
    if (max == null) {
      return false;
    }
    Long current = Json.optCount(node, field, where);
    return setIfAbove(node, field, max, current == null ? serverDefault : current, serverDefault);
  }

  private static boolean setIfAbove(ObjectNode node, String field, long max, long effective, long serverDefault) {
    if (effective > max) {
      node.put(field, max);
      return true;
    }
    return false;
  }

  private static long orDefault(@Nullable Long value, long fallback) {
    return value == null ? fallback : value;
  }
}
