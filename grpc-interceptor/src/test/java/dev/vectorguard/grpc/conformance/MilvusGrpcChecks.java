package dev.vectorguard.grpc.conformance;

import static dev.vectorguard.conformance.Trees.absent;
import static dev.vectorguard.conformance.Trees.elements;
import static dev.vectorguard.conformance.Trees.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.conformance.Expectation;
import dev.vectorguard.conformance.MilvusFilters;
import dev.vectorguard.conformance.Outcome;
import dev.vectorguard.conformance.Spelling;
import dev.vectorguard.conformance.Trees;
import dev.vectorguard.conformance.Trees.At;
import dev.vectorguard.conformance.World;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link Expectation}s on a Milvus gRPC request, read as protobuf JSON with proto field names
 * ({@code milvus.proto}): limits in {@code search_params}/{@code query_params}/{@code rank_params}
 * ({@code topk} or {@code limit}), expressions in {@code dsl}/{@code expr} with
 * {@code expr_template_values}, rows in {@code fields_data} columns.
 */
final class MilvusGrpcChecks {
  private MilvusGrpcChecks() {}

  static List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    JsonNode sent = allowed.sent();
    String method = spelling.target().substring(spelling.target().indexOf('/') + 1);
    if (expectation instanceof Expectation.Unchanged) {
      return Trees.unchanged(allowed.original(), sent);
    }
    if (expectation instanceof Expectation.ResponseOmits omits) {
      return Trees.omits(allowed.response(), omits.value());
    }
    if (expectation instanceof Expectation.LimitAtMost limit) {
      List<String> out = new ArrayList<>();
      switch (method) {
        case "Query" -> param(out, "", "query_params", sent, limit.max());
        case "HybridSearch" -> {
          param(out, "", "rank_params", sent, limit.max());
          List<JsonNode> requests = elements(sent, "requests");
          for (int i = 0; i < requests.size(); i++) {
            param(out, "requests[" + i + "].", "search_params", requests.get(i), limit.max());
          }
        }
        default -> {
          param(out, "", "search_params", sent, limit.max());
          List<JsonNode> subs = elements(sent, "sub_reqs");
          for (int i = 0; i < subs.size(); i++) {
            param(out, "sub_reqs[" + i + "].", "search_params", subs.get(i), limit.max());
          }
        }
      }
      return out;
    }
    if (expectation instanceof Expectation.VectorsNotRequested) {
      return texts(sent, "output_fields").stream().map(String::strip).filter(f -> f.equals("*")
              || f.equals(World.VECTOR_FIELD) || f.equals(World.BINARY_VECTOR_FIELD))
          .map(f -> "output_fields asks for '" + f + "', which returns vectors").toList();
    }
    if (expectation instanceof Expectation.FieldsWithin fields) {
      return texts(sent, "output_fields").stream().filter(f -> !fields.allowed().contains(f))
          .map(f -> "output_fields asks for '" + f + "', outside " + fields.allowed()).toList();
    }
    if (expectation instanceof Expectation.TenantFiltered tenantFiltered) {
      List<String> out = new ArrayList<>();
      List<At> before = allowed.original() == null ? List.of() : expressions(method, allowed.original());
      List<At> now = expressions(method, sent);
      String field = method.equals("Query") || method.equals("Delete") ? "expr" : "dsl";
      for (int i = 0; i < now.size(); i++) {
        JsonNode node = now.get(i).node();
        JsonNode params = node.get("expr_template_values");
        JsonNode was = i < before.size() ? before.get(i).node() : null;
        out.addAll(MilvusFilters.tenantViolations(now.get(i).where() + field, tenantFiltered.field(), text(node, field),
            name -> params == null || !params.has(name) ? null : params.get(name).path("string_val").asText(null),
            was == null ? null : text(was, field)));
      }
      return out;
    }
    if (expectation instanceof Expectation.WritesCarryTenant writes) {
      return rows(sent, writes.path());
    }
    throw new IllegalArgumentException("no Milvus gRPC check for " + expectation);
  }

  /** The messages whose expression the server applies: a hybrid search's requests, a search and its sub-requests. */
  private static List<At> expressions(String method, JsonNode request) {
    List<At> out = new ArrayList<>();
    if (method.equals("HybridSearch")) {
      List<JsonNode> requests = elements(request, "requests");
      for (int i = 0; i < requests.size(); i++) {
        out.add(new At("requests[" + i + "].", requests.get(i)));
      }
      return out;
    }
    out.add(new At("", request));
    List<JsonNode> subs = elements(request, "sub_reqs");
    for (int i = 0; i < subs.size(); i++) {
      out.add(new At("sub_reqs[" + i + "].", subs.get(i)));
    }
    return out;
  }

  private static void param(List<String> out, String where, String field, JsonNode node, int max) {
    JsonNode limit = null;
    for (JsonNode kv : elements(node, field)) {
      String key = kv.path("key").asText();
      if (key.equals("topk") || key.equals("limit")) {
        limit = kv.get("value");
      }
    }
    if (absent(limit)) {
      out.add(where + field + " has no topk or limit, so the server's default applies");
    } else if (limit.asLong(Long.MAX_VALUE) > max) {
      out.add(where + field + " asks for " + limit.asText() + ", above " + max);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Why some row of an insert does not carry the tenant at {@code path}: a column, or a key inside a JSON column. */
  private static List<String> rows(JsonNode request, List<String> path) {
    List<String> out = new ArrayList<>();
    String name = path.get(0);
    JsonNode column = null;
    for (JsonNode c : elements(request, "fields_data")) {
      if (c.path("field_name").asText().equals(name)) {
        column = c;
      }
    }
    if (column == null) {
      return List.of("no " + name + " column is written");
    }
    List<String> values = path.size() == 1 ? texts(column.path("scalars").path("string_data"), "data")
        : texts(column.path("scalars").path("json_data"), "data").stream()
            .map(b64 -> jsonText(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8),
                path.subList(1, path.size())))
            .toList();
    long rows = Trees.count(request, "num_rows", values.size());
    if (values.size() != rows) {
      out.add("the " + name + " column holds " + values.size() + " values for " + rows + " rows");
    }
    for (int i = 0; i < values.size(); i++) {
      if (!World.TENANT.equals(values.get(i))) {
        out.add("row #" + i + " is written with " + String.join(".", path) + " = " + values.get(i));
      }
    }
    return out;
  }

  /** The text at {@code keys} inside the JSON {@code json}, or {@code null}. */
  private static @Nullable String jsonText(String json, List<String> keys) {
    try {
      JsonNode node = JSON.readTree(json);
      for (String key : keys) {
        node = node == null ? null : node.get(key);
      }
      return node == null || !node.isTextual() ? null : node.textValue();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return absent(value) ? null : value.asText();
  }
}
