package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Trees.absent;
import static dev.vectorguard.conformance.Trees.count;
import static dev.vectorguard.conformance.Trees.elements;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorguard.conformance.Trees.At;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link Expectation}s on a Qdrant REST body (OpenAPI names). Server defaults used where a field
 * is absent: {@code limit} 10, {@code group_size} 3, matrix {@code sample} 10 and {@code limit} 3.
 */
final class QdrantRestChecks {
  private QdrantRestChecks() {}

  static List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    JsonNode sent = allowed.sent();
    JsonNode original = allowed.original();
    if (expectation instanceof Expectation.Unchanged) {
      return Trees.unchanged(original, sent);
    }
    if (expectation instanceof Expectation.ResponseOmits omits) {
      return Trees.omits(allowed.response(), omits.value());
    }
    if (sent == null) {
      return List.of("the request has no body");
    }
    if (expectation instanceof Expectation.LimitAtMost limit) {
      return limits(spelling, sent, limit.max());
    }
    if (expectation instanceof Expectation.VectorsNotRequested) {
      return vectors(sent);
    }
    if (expectation instanceof Expectation.TenantFiltered) {
      return isWrite(spelling) ? tenantWrites(sent, original) : tenantReads(sent, original);
    }
    if (expectation instanceof Expectation.WritesCarryTenant) {
      return writes(sent);
    }
    if (expectation instanceof Expectation.FieldsWithin fields) {
      return fields(spelling, sent, fields.allowed());
    }
    throw new IllegalArgumentException("no Qdrant REST check for " + expectation);
  }

  /** The reads of a body: each of {@code searches[]} in a batch, else the body itself. */
  static List<At> reads(JsonNode body) {
    List<At> out = new ArrayList<>();
    JsonNode searches = body.get("searches");
    if (searches != null && searches.isArray()) {
      for (int i = 0; i < searches.size(); i++) {
        out.add(new At("searches[" + i + "].", searches.get(i)));
      }
    } else {
      out.add(new At("", body));
    }
    return out;
  }

  /** The write operations of a body: each of {@code operations[]} in a points batch, else the body itself. */
  static List<At> operations(JsonNode body) {
    List<At> out = new ArrayList<>();
    JsonNode operations = body.get("operations");
    if (operations != null && operations.isArray()) {
      for (int i = 0; i < operations.size(); i++) {
        Iterator<Map.Entry<String, JsonNode>> fields = operations.get(i).fields();
        if (fields.hasNext()) {
          Map.Entry<String, JsonNode> op = fields.next();
          out.add(new At("operations[" + i + "]." + op.getKey() + ".", op.getValue()));
        }
      }
    } else {
      out.add(new At("", body));
    }
    return out;
  }

  static boolean isWrite(Spelling spelling) {
    String path = spelling.path();
    return spelling.method().equals("PUT") || path.endsWith("/points/delete") || path.endsWith("/vectors/delete")
        || path.endsWith("/points/payload") || path.endsWith("/payload/delete") || path.endsWith("/payload/clear")
        || path.endsWith("/points/batch");
  }

  private static List<String> limits(Spelling spelling, JsonNode body, int max) {
    List<String> out = new ArrayList<>();
    String path = spelling.path();
    if (path.endsWith("/count")) {
      return out;
    }
    for (At read : reads(body)) {
      JsonNode r = read.node();
      String w = read.where();
      if (path.endsWith("/facet")) {
        atMost(out, w + "limit", count(r, "limit", 10), max);
      } else if (path.contains("/matrix/")) {
        atMost(out, w + "sample × " + w + "limit", count(r, "sample", 10) * count(r, "limit", 3), max);
      } else if (r.has("group_by")) {
        atMost(out, w + "limit × " + w + "group_size", count(r, "limit", 10) * count(r, "group_size", 3), max);
      } else if (spelling.method().equals("POST") && path.matches("/collections/[^/]+/points")) {
        atMost(out, w + "ids (count)", elements(r, "ids").size(), max);
      } else {
        atMost(out, w + "limit", count(r, "limit", r.has("top") ? 0 : 10), max);
        atMost(out, w + "top", count(r, "top", 0), max);
      }
      prefetchLimits(r.get("prefetch"), w + "prefetch", max, out);
    }
    return out;
  }

  private static void prefetchLimits(@Nullable JsonNode prefetch, String where, int max, List<String> out) {
    if (prefetch == null || prefetch.isNull()) {
      return;
    }
    List<JsonNode> all = new ArrayList<>();
    if (prefetch.isArray()) {
      prefetch.forEach(all::add);
    } else {
      all.add(prefetch);
    }
    for (int i = 0; i < all.size(); i++) {
      String w = prefetch.isArray() ? where + "[" + i + "]" : where;
      atMost(out, w + ".limit", count(all.get(i), "limit", 10), max);
      prefetchLimits(all.get(i).get("prefetch"), w + ".prefetch", max, out);
    }
  }

  static void atMost(List<String> out, String what, long value, int max) {
    if (value > max) {
      out.add(what + " is " + value + ", above " + max);
    }
  }

  private static List<String> vectors(JsonNode body) {
    List<String> out = new ArrayList<>();
    for (At read : reads(body)) {
      for (String field : List.of("with_vector", "with_vectors")) {
        if (truthy(read.node().get(field))) {
          out.add(read.where() + field + " asks for vectors: " + read.node().get(field));
        }
      }
      JsonNode lookup = read.node().get("with_lookup");
      if (lookup != null && lookup.isObject()) {
        for (String field : List.of("with_vector", "with_vectors")) {
          if (truthy(lookup.get(field))) {
            out.add(read.where() + "with_lookup." + field + " asks for vectors: " + lookup.get(field));
          }
        }
      }
    }
    return out;
  }

  private static boolean truthy(@Nullable JsonNode node) {
    return !absent(node) && !(node.isBoolean() && !node.booleanValue()) && !(node.isArray() && node.isEmpty());
  }

  private static List<String> tenantReads(JsonNode body, @Nullable JsonNode original) {
    List<String> out = new ArrayList<>();
    List<At> before = original == null ? List.of() : reads(original);
    List<At> reads = reads(body);
    for (int i = 0; i < reads.size(); i++) {
      JsonNode was = i < before.size() ? before.get(i).node().get("filter") : null;
      filter(out, reads.get(i).where() + "filter", reads.get(i).node().get("filter"), was, null);
    }
    return out;
  }

  private static List<String> tenantWrites(JsonNode body, @Nullable JsonNode original) {
    List<String> out = new ArrayList<>();
    List<At> before = original == null ? List.of() : operations(original);
    List<At> ops = operations(body);
    for (int i = 0; i < ops.size(); i++) {
      JsonNode op = ops.get(i).node();
      JsonNode was = i < before.size() ? before.get(i).node() : null;
      boolean upsert = op.has("batch") || elements(op, "points").stream().anyMatch(JsonNode::isObject);
      String slot = upsert ? "update_filter" : "filter";
      JsonNode ids = was == null || upsert ? null : was.get("points");
      filter(out, ops.get(i).where() + slot, op.get(slot), was == null ? null : was.get(slot), ids);
      if (!upsert && !absent(op.get("points"))) {
        out.add(ops.get(i).where() + "points selects ids beside the tenant filter: " + op.get("points"));
      }
    }
    return out;
  }

  /**
   * {@code filter} must require the tenant in {@code must}, keep {@code original} whole, and select
   * the {@code ids} the request named (not more).
   */
  private static void filter(List<String> out, String where, @Nullable JsonNode filter, @Nullable JsonNode original,
      @Nullable JsonNode ids) {
    if (absent(filter) || !filter.isObject()) {
      out.add(where + " is missing, so every tenant's points are read or written");
      return;
    }
    List<JsonNode> must = new ArrayList<>();
    JsonNode m = filter.get("must");
    if (m != null && m.isArray()) {
      m.forEach(must::add);
    } else if (m != null && m.isObject()) {
      must.add(m);
    }
    List<JsonNode> rest = must.stream().filter(c -> !isTenant(c)).toList();
    if (rest.size() == must.size()) {
      out.add(where + " does not require " + World.TENANT_FIELD + " = " + World.TENANT + ": " + filter);
    }
    if (!absent(original) && !(original.isObject() && original.isEmpty()) && !must.contains(original)) {
      JsonNode without = filter.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) without).set("must", Trees.JSON.valueToTree(rest));
      if (!without.equals(original)) {
        out.add(where + " does not keep the request's own filter whole: " + filter);
      }
    }
    if (!absent(ids) && ids.isArray()
        && rest.stream().noneMatch(c -> c.has("has_id") && c.get("has_id").equals(ids))) {
      out.add(where + " does not restrict the write to the ids " + ids + ": " + filter);
    }
  }

  private static boolean isTenant(JsonNode condition) {
    return condition.path("key").asText().equals(World.TENANT_FIELD)
        && condition.path("match").path("value").asText().equals(World.TENANT)
        && condition.path("match").path("value").isTextual();
  }

  private static List<String> writes(JsonNode body) {
    List<String> out = new ArrayList<>();
    int records = 0;
    for (At op : operations(body)) {
      List<JsonNode> payloads = new ArrayList<>();
      elements(op.node(), "points").stream().filter(JsonNode::isObject).forEach(p -> payloads.add(p.get("payload")));
      payloads.addAll(elements(op.node().get("batch"), "payloads"));
      for (int i = 0; i < payloads.size(); i++) {
        records++;
        JsonNode payload = payloads.get(i);
        JsonNode value = payload == null ? null : payload.get(World.TENANT_FIELD);
        if (value == null || !value.isTextual() || !value.textValue().equals(World.TENANT)) {
          out.add(op.where() + "record #" + i + " is written with " + World.TENANT_FIELD + " = " + value);
        }
      }
    }
    if (records == 0) {
      out.add("the request writes no records");
    }
    return out;
  }

  private static List<String> fields(Spelling spelling, JsonNode body, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    String path = spelling.path();
    if (path.endsWith("/count") || path.endsWith("/facet") || path.contains("/matrix/")) {
      return out;
    }
    for (At read : reads(body)) {
      selector(out, read.where() + "with_payload", read.node().get("with_payload"), allowed);
      JsonNode lookup = read.node().get("with_lookup");
      if (lookup != null && lookup.isTextual()) {
        out.add(read.where() + "with_lookup returns the lookup's whole payload");
      } else if (lookup != null && lookup.isObject()) {
        selector(out, read.where() + "with_lookup.with_payload", lookup.get("with_payload"), allowed);
      }
    }
    return out;
  }

  private static void selector(List<String> out, String where, @Nullable JsonNode selector, Set<String> allowed) {
    if (absent(selector)) {
      out.add(where + " is left to the server's default");
    } else if (selector.isBoolean()) {
      if (selector.booleanValue()) {
        out.add(where + " is true: every payload field");
      }
    } else if (selector.isArray() || selector.has("include")) {
      JsonNode list = selector.isArray() ? selector : selector.get("include");
      list.forEach(f -> {
        if (!Trees.within(allowed, f.asText())) {
          out.add(where + " asks for '" + f.asText() + "', outside " + allowed);
        }
      });
    } else {
      out.add(where + " " + selector + " may return fields outside " + allowed);
    }
  }
}
