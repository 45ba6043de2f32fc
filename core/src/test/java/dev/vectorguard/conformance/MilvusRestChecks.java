package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Trees.absent;
import static dev.vectorguard.conformance.Trees.elements;
import static dev.vectorguard.conformance.Trees.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorguard.conformance.Trees.At;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link Expectation}s on a Milvus REST v2 body ({@code request_v2.go} names). A search or query
 * without {@code limit} is left to the server (up to 16384 rows), which no cap allows.
 */
final class MilvusRestChecks {
  private MilvusRestChecks() {}

  static List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    JsonNode sent = allowed.sent();
    if (expectation instanceof Expectation.Unchanged) {
      return Trees.unchanged(allowed.original(), sent);
    }
    if (expectation instanceof Expectation.ResponseOmits omits) {
      return Trees.omits(allowed.response(), omits.value());
    }
    if (sent == null) {
      return List.of("the request has no body");
    }
    if (expectation instanceof Expectation.LimitAtMost limit) {
      List<String> out = new ArrayList<>();
      limit(out, "limit", sent, limit.max());
      for (At search : searches(spelling, sent)) {
        if (search.node() != sent) {
          limit(out, search.where() + "limit", search.node(), limit.max());
        }
      }
      return out;
    }
    if (expectation instanceof Expectation.VectorsNotRequested) {
      return texts(sent, "outputFields").stream().map(String::strip).filter(f -> f.equals("*")
              || f.equals(World.VECTOR_FIELD) || f.equals(World.BINARY_VECTOR_FIELD))
          .map(f -> "outputFields asks for '" + f + "', which returns vectors").toList();
    }
    if (expectation instanceof Expectation.FieldsWithin fields) {
      return outputFields(sent, fields.allowed());
    }
    if (expectation instanceof Expectation.TenantFiltered tenantFiltered) {
      List<String> out = new ArrayList<>();
      List<At> before = allowed.original() == null ? List.of() : searches(spelling, allowed.original());
      List<At> now = searches(spelling, sent);
      for (int i = 0; i < now.size(); i++) {
        JsonNode node = now.get(i).node();
        JsonNode was = i < before.size() ? before.get(i).node() : null;
        JsonNode params = node.get("exprParams");
        out.addAll(MilvusFilters.tenantViolations(now.get(i).where() + "filter", tenantFiltered.field(),
            text(node, "filter"),
            name -> params == null || !params.hasNonNull(name) ? null : params.get(name).asText(),
            was == null ? null : text(was, "filter")));
      }
      return out;
    }
    if (expectation instanceof Expectation.WritesCarryTenant writes) {
      List<String> out = new ArrayList<>();
      List<JsonNode> rows = elements(sent, "data");
      for (int i = 0; i < rows.size(); i++) {
        JsonNode value = rows.get(i);
        for (String key : writes.path()) {
          value = value == null ? null : value.get(key);
        }
        if (value == null || !value.isTextual() || !value.textValue().equals(World.TENANT)) {
          out.add("data[" + i + "] is written with " + String.join(".", writes.path()) + " = " + value);
        }
      }
      return rows.isEmpty() ? List.of("the request writes no rows") : out;
    }
    throw new IllegalArgumentException("no Milvus REST check for " + expectation);
  }

  /** Where filters sit: each of a hybrid search's {@code search[]}, else the body itself. */
  private static List<At> searches(Spelling spelling, JsonNode body) {
    List<At> out = new ArrayList<>();
    if (spelling.path().endsWith("/hybrid_search") || spelling.path().endsWith("/advanced_search")) {
      List<JsonNode> subs = elements(body, "search");
      for (int i = 0; i < subs.size(); i++) {
        out.add(new At("search[" + i + "].", subs.get(i)));
      }
    } else {
      out.add(new At("", body));
    }
    return out;
  }

  private static void limit(List<String> out, String where, JsonNode node, int max) {
    JsonNode limit = node.get("limit");
    if (absent(limit)) {
      out.add(where + " is missing, so the server returns up to 16384 rows");
    } else if (limit.asLong() > max) {
      out.add(where + " is " + limit.asLong() + ", above " + max);
    }
  }

  private static List<String> outputFields(JsonNode body, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    for (String field : texts(body, "outputFields")) {
      if (!allowed.contains(field)) {
        out.add("outputFields asks for '" + field + "', outside " + allowed);
      }
    }
    return out;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return absent(value) ? null : value.asText();
  }
}
