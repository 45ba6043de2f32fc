package dev.vectorguard.grpc.conformance;

import static dev.vectorguard.conformance.Trees.absent;
import static dev.vectorguard.conformance.Trees.count;
import static dev.vectorguard.conformance.Trees.elements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.conformance.Expectation;
import dev.vectorguard.conformance.Outcome;
import dev.vectorguard.conformance.Spelling;
import dev.vectorguard.conformance.Trees;
import dev.vectorguard.conformance.Trees.At;
import dev.vectorguard.conformance.World;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link Expectation}s on a Qdrant gRPC request, read as protobuf JSON with proto field names
 * ({@code points.proto}). Absent fields count as the server's defaults: {@code limit} 10,
 * {@code group_size} 3, matrix {@code sample} 10 and {@code limit} 3.
 */
final class QdrantGrpcChecks {
  private static final List<String> BATCH_ITEMS = List.of("search_points", "recommend_points", "discover_points",
      "query_points");
  private static final Set<String> WRITES = Set.of("Upsert", "Delete", "UpdateVectors", "DeleteVectors", "SetPayload",
      "OverwritePayload", "DeletePayload", "ClearPayload", "UpdateBatch");

  private QdrantGrpcChecks() {}

  static List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    JsonNode sent = allowed.sent();
    JsonNode original = allowed.original();
    String method = spelling.target().substring(spelling.target().indexOf('/') + 1);
    if (expectation instanceof Expectation.Unchanged) {
      return Trees.unchanged(original, sent);
    }
    if (expectation instanceof Expectation.ResponseOmits omits) {
      return Trees.omits(allowed.response(), omits.value());
    }
    if (expectation instanceof Expectation.LimitAtMost limit) {
      return limits(method, sent, limit.max());
    }
    if (expectation instanceof Expectation.VectorsNotRequested) {
      return vectors(sent);
    }
    if (expectation instanceof Expectation.TenantFiltered) {
      return WRITES.contains(method) ? tenantWrites(sent, original) : tenantReads(sent, original);
    }
    if (expectation instanceof Expectation.WritesCarryTenant) {
      return writes(sent);
    }
    if (expectation instanceof Expectation.FieldsWithin fields) {
      return method.equals("Count") || method.equals("Facet") || method.startsWith("SearchMatrix") ? List.of()
          : fields(sent, fields.allowed());
    }
    throw new IllegalArgumentException("no Qdrant gRPC check for " + expectation);
  }

  /** The reads of a request: the items of a batch, else the request itself. */
  private static List<At> reads(JsonNode request) {
    for (String items : BATCH_ITEMS) {
      List<JsonNode> all = elements(request, items);
      if (!all.isEmpty()) {
        List<At> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          out.add(new At(items + "[" + i + "].", all.get(i)));
        }
        return out;
      }
    }
    return List.of(new At("", request));
  }

  /** The write operations of a request: each of an {@code UpdateBatch}'s operations, else the request itself. */
  private static List<At> operations(JsonNode request) {
    List<JsonNode> all = elements(request, "operations");
    if (all.isEmpty()) {
      return List.of(new At("", request));
    }
    List<At> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Iterator<Map.Entry<String, JsonNode>> fields = all.get(i).fields();
      if (fields.hasNext()) {
        Map.Entry<String, JsonNode> op = fields.next();
        out.add(new At("operations[" + i + "]." + op.getKey() + ".", op.getValue()));
      }
    }
    return out;
  }

  private static List<String> limits(String method, JsonNode request, int max) {
    List<String> out = new ArrayList<>();
    if (method.equals("Count")) {
      return out;
    }
    for (At read : reads(request)) {
      JsonNode r = read.node();
      String w = read.where();
      if (method.equals("Facet")) {
        atMost(out, w + "limit", count(r, "limit", 10), max);
      } else if (method.startsWith("SearchMatrix")) {
        atMost(out, w + "sample × " + w + "limit", count(r, "sample", 10) * count(r, "limit", 3), max);
      } else if (method.endsWith("Groups")) {
        atMost(out, w + "limit × " + w + "group_size", count(r, "limit", 10) * count(r, "group_size", 3), max);
      } else if (method.equals("Get")) {
        atMost(out, w + "ids (count)", elements(r, "ids").size(), max);
      } else {
        atMost(out, w + "limit", count(r, "limit", 10), max);
      }
      prefetchLimits(elements(r, "prefetch"), w + "prefetch", max, out);
    }
    return out;
  }

  private static void prefetchLimits(List<JsonNode> prefetches, String where, int max, List<String> out) {
    for (int i = 0; i < prefetches.size(); i++) {
      atMost(out, where + "[" + i + "].limit", count(prefetches.get(i), "limit", 10), max);
      prefetchLimits(elements(prefetches.get(i), "prefetch"), where + "[" + i + "].prefetch", max, out);
    }
  }

  private static void atMost(List<String> out, String what, long value, int max) {
    if (value > max) {
      out.add(what + " is " + value + ", above " + max);
    }
  }

  private static List<String> vectors(JsonNode request) {
    List<String> out = new ArrayList<>();
    for (At read : reads(request)) {
      vectorSelector(out, read.where() + "with_vectors", read.node().get("with_vectors"));
      JsonNode lookup = read.node().get("with_lookup");
      if (lookup != null) {
        vectorSelector(out, read.where() + "with_lookup.with_vectors", lookup.get("with_vectors"));
      }
    }
    return out;
  }

  private static void vectorSelector(List<String> out, String where, @Nullable JsonNode selector) {
    if (!absent(selector) && !(selector.has("enable") && !selector.get("enable").asBoolean())
        && !(selector.isObject() && selector.isEmpty())) {
      out.add(where + " asks for vectors: " + selector);
    }
  }

  private static List<String> tenantReads(JsonNode request, @Nullable JsonNode original) {
    List<String> out = new ArrayList<>();
    List<At> before = original == null ? List.of() : reads(original);
    List<At> reads = reads(request);
    for (int i = 0; i < reads.size(); i++) {
      JsonNode was = i < before.size() ? before.get(i).node().get("filter") : null;
      filter(out, reads.get(i).where() + "filter", reads.get(i).node().get("filter"), was, null);
    }
    return out;
  }

  private static List<String> tenantWrites(JsonNode request, @Nullable JsonNode original) {
    List<String> out = new ArrayList<>();
    List<At> before = original == null ? List.of() : operations(original);
    List<At> ops = operations(request);
    for (int i = 0; i < ops.size(); i++) {
      JsonNode op = ops.get(i).node();
      JsonNode was = i < before.size() ? before.get(i).node() : null;
      String w = ops.get(i).where();
      JsonNode points = op.get("points");
      if (points != null && points.isArray()) {
        filter(out, w + "update_filter", op.get("update_filter"), was == null ? null : was.get("update_filter"), null);
        continue;
      }
      String name = points != null ? "points" : "points_selector";
      JsonNode selector = op.get(name);
      JsonNode wasSelector = was == null ? null : was.get(name);
      if (absent(selector)) {
        out.add(w + name + " is missing");
        continue;
      }
      JsonNode ids = wasSelector == null ? null : wasSelector.path("points").get("ids");
      filter(out, w + name + ".filter", selector.get("filter"), wasSelector == null ? null : wasSelector.get("filter"),
          ids);
      if (selector.has("points")) {
        out.add(w + name + ".points selects ids beside the tenant filter: " + selector.get("points"));
      }
    }
    return out;
  }

  /**
   * {@code filter} must require the tenant in {@code must}, keep {@code original} whole, and
   * select the {@code ids} the request named (not more).
   */
  private static void filter(List<String> out, String where, @Nullable JsonNode filter, @Nullable JsonNode original,
      @Nullable JsonNode ids) {
    if (absent(filter)) {
      out.add(where + " is missing, so every tenant's points are read or written");
      return;
    }
    List<JsonNode> must = elements(filter, "must");
    List<JsonNode> rest = must.stream().filter(c -> !isTenant(c)).toList();
    if (rest.size() == must.size()) {
      out.add(where + " does not require " + World.TENANT_FIELD + " = " + World.TENANT + ": " + filter);
    }
    if (!absent(original) && !original.isEmpty()) {
      ObjectNode nested = Trees.JSON.createObjectNode();
      nested.set("filter", original);
      ObjectNode without = filter.deepCopy();
      if (rest.isEmpty()) {
        without.remove("must");
      } else {
        without.set("must", Trees.JSON.valueToTree(rest));
      }
      if (!must.contains(nested) && !without.equals(original)) {
        out.add(where + " does not keep the request's own filter whole: " + filter);
      }
    }
    if (ids != null && ids.isArray() && rest.stream().noneMatch(c -> hasIds(c, ids))) {
      out.add(where + " does not restrict the write to the ids " + ids + ": " + filter);
    }
  }

  private static boolean hasIds(JsonNode node, JsonNode ids) {
    if (node.path("has_id").path("has_id").equals(ids)) {
      return true;
    }
    for (JsonNode child : node) {
      if (hasIds(child, ids)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTenant(JsonNode condition) {
    JsonNode field = condition.path("field");
    return field.path("key").asText().equals(World.TENANT_FIELD)
        && field.path("match").path("keyword").asText().equals(World.TENANT);
  }

  private static List<String> writes(JsonNode request) {
    List<String> out = new ArrayList<>();
    int records = 0;
    for (At op : operations(request)) {
      List<JsonNode> points = elements(op.node(), "points");
      for (int i = 0; i < points.size(); i++) {
        records++;
        JsonNode value = points.get(i).path("payload").path(World.TENANT_FIELD).get("string_value");
        if (value == null || !value.asText().equals(World.TENANT)) {
          out.add(op.where() + "points[" + i + "] is written with " + World.TENANT_FIELD + " = "
              + points.get(i).path("payload").get(World.TENANT_FIELD));
        }
      }
    }
    if (records == 0) {
      out.add("the request writes no records");
    }
    return out;
  }

  private static List<String> fields(JsonNode request, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    for (At read : reads(request)) {
      selector(out, read.where() + "with_payload", read.node().get("with_payload"), allowed);
      JsonNode lookup = read.node().get("with_lookup");
      if (lookup != null) {
        selector(out, read.where() + "with_lookup.with_payload", lookup.get("with_payload"), allowed);
      }
    }
    return out;
  }

  private static void selector(List<String> out, String where, @Nullable JsonNode selector, Set<String> allowed) {
    if (absent(selector)) {
      out.add(where + " is left to the server's default");
    } else if (selector.has("enable")) {
      if (selector.get("enable").asBoolean()) {
        out.add(where + " enables every payload field");
      }
    } else if (selector.has("include")) {
      for (String field : Trees.texts(selector.get("include"), "fields")) {
        if (!Trees.within(allowed, field)) {
          out.add(where + " asks for '" + field + "', outside " + allowed);
        }
      }
    } else {
      out.add(where + " " + selector + " may return fields outside " + allowed);
    }
  }
}
