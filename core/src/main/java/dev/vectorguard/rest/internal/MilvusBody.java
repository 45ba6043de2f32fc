package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.milvus.MilvusRequestKind;
import dev.vectorguard.milvus.MilvusRequestView;
import dev.vectorguard.milvus.MilvusRules;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Milvus REST v2 body as {@link MilvusRequestView} sees it, at the top and in each hybrid
 * {@code search[]}: the {@code filter}; the parameters {@code handler_v2.go} turns into search and
 * rank parameters ({@code groupingField} as {@code group_by_field}, every entry of
 * {@code searchParams} or a sub-search's {@code params}, {@code orderByFields}); the functions of
 * {@code functionScore}; {@code ids}; and the {@code data} rows of an insert (dynamic fields are
 * keys of the row, as REST flattens them). Read once, so that a malformed body is refused before
 * anything is decided on it. Not public API.
 */
final class MilvusBody implements MilvusRequestView {
  private final List<String> expressions;
  private final List<Param> params;
  private final List<Ranker> rankers;
  private final boolean byIds;
  private final List<JsonNode> rows;

  private MilvusBody(List<String> expressions, List<Param> params, List<Ranker> rankers, boolean byIds,
      List<JsonNode> rows) {
    this.expressions = List.copyOf(expressions);
    this.params = List.copyOf(params);
    this.rankers = List.copyOf(rankers);
    this.byIds = byIds;
    this.rows = List.copyOf(rows);
  }

  static MilvusBody of(MilvusRequestKind kind, ObjectNode body) throws RestClassificationException {
    List<String> expressions = new ArrayList<>();
    List<Param> params = new ArrayList<>();
    List<Ranker> rankers = new ArrayList<>();
    read(body, "", "searchParams", expressions, params);
    ArrayNode orderBy = Json.optArray(body, "orderByFields", "");
    if (orderBy != null) {
      params.add(new Param(MilvusRules.ORDER_BY_FIELDS, String.join(",", Json.texts(orderBy, "orderByFields"))));
    }
    functions(body, rankers);
    boolean byIds = kind == MilvusRequestKind.SEARCH && hasIds(body);
    for (ObjectNode search : searches(kind, body)) {
      read(search, "search[].", "params", expressions, params);
      byIds |= hasIds(search);
    }
    List<JsonNode> rows = new ArrayList<>();
    if (kind == MilvusRequestKind.INSERT) {
      ArrayNode data = Json.optArray(body, "data", "");
      if (data == null) {
        throw new RestClassificationException("an insert must have 'data' rows");
      }
      data.forEach(rows::add);
    }
    return new MilvusBody(expressions, params, rankers, byIds, rows);
  }

  /** The filter, grouping and search parameters of the body or of one hybrid sub-search. */
  private static void read(ObjectNode node, String where, String searchParams, List<String> expressions,
      List<Param> params) throws RestClassificationException {
    String filter = Json.optText(node, "filter", where);
    if (filter != null && !filter.isBlank()) {
      expressions.add(filter);
    }
    String grouping = Json.optText(node, "groupingField", where);
    if (grouping != null && !grouping.isEmpty()) {
      params.add(new Param(MilvusRules.GROUP_BY_FIELD, grouping));
    }
    ObjectNode search = Json.optObject(node, searchParams, where);
    if (search != null) {
      for (Map.Entry<String, JsonNode> entry : search.properties()) {
        params.add(new Param(entry.getKey(), text(entry.getValue())));
      }
    }
  }

  /** {@code functionScore.functions[]}: each function's input fields and parameters. */
  private static void functions(ObjectNode body, List<Ranker> out) throws RestClassificationException {
    ObjectNode score = Json.optObject(body, "functionScore", "");
    ArrayNode functions = score == null ? null : Json.optArray(score, "functions", "functionScore.");
    if (functions == null) {
      return;
    }
    for (JsonNode function : functions) {
      if (!(function instanceof ObjectNode f)) {
        throw new RestClassificationException("'functionScore.functions' must hold JSON objects");
      }
      ArrayNode inputs = Json.optArray(f, "inputFieldNames", "functionScore.functions[].");
      ObjectNode params = Json.optObject(f, "params", "functionScore.functions[].");
      Map<String, String> values = new LinkedHashMap<>();
      if (params != null) {
        params.properties().forEach(e -> values.put(e.getKey(), text(e.getValue())));
      }
      out.add(new Ranker(inputs == null ? List.of() : Json.texts(inputs, "functionScore.functions[].inputFieldNames"),
          values));
    }
  }

  /** A parameter's value as text: a string as it is, anything else as its JSON. */
  private static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : value.toString();
  }

  private static boolean hasIds(ObjectNode search) {
    JsonNode ids = search.get("ids");
    return ids != null && !ids.isNull() && !(ids.isArray() && ids.isEmpty());
  }

  /** The objects of a hybrid search's {@code search} array; none for other kinds. */
  static List<ObjectNode> searches(MilvusRequestKind kind, ObjectNode body) throws RestClassificationException {
    ArrayNode searches = kind == MilvusRequestKind.HYBRID_SEARCH ? Json.optArray(body, "search", "") : null;
    List<ObjectNode> out = new ArrayList<>();
    if (searches != null) {
      for (JsonNode search : searches) {
        if (!(search instanceof ObjectNode s)) {
          throw new RestClassificationException("'search' must hold JSON objects");
        }
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public List<String> expressions() {
    return expressions;
  }

  @Override
  public List<Param> params() {
    return params;
  }

  @Override
  public List<Ranker> rankers() {
    return rankers;
  }

  @Override
  public boolean searchesByPrimaryKeys() {
    return byIds;
  }

  @Override
  public int rowCount() {
    return rows.size();
  }

  @Override
  public @Nullable Object rowValue(int row, FieldPath field) {
    JsonNode value = rows.get(row);
    for (String key : field.keys()) {
      value = value instanceof ObjectNode object ? object.get(key) : null;
    }
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isTextual() ? value.textValue() : value;
  }
}
