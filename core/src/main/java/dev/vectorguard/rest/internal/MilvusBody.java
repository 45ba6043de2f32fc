package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.milvus.MilvusRequestKind;
import dev.vectorguard.milvus.MilvusRequestView;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Milvus REST v2 body as {@link MilvusRequestView} sees it: the {@code groupingField} and
 * {@code ids} at the top and in each hybrid {@code search[]}, and the {@code data} rows of an insert (dynamic fields are
 * keys of the row, as REST flattens them). Read once, so that a malformed body is refused before
 * anything is decided on it. Not public API.
 */
final class MilvusBody implements MilvusRequestView {
  private final List<String> groupByFields;
  private final boolean byIds;
  private final List<JsonNode> rows;

  private MilvusBody(List<String> groupByFields, boolean byIds, List<JsonNode> rows) {
    this.groupByFields = List.copyOf(groupByFields);
    this.byIds = byIds;
    this.rows = List.copyOf(rows);
  }

  static MilvusBody of(MilvusRequestKind kind, ObjectNode body) throws RestClassificationException {
    List<String> groupings = new ArrayList<>();
    addText(groupings, body, "");
    boolean byIds = kind == MilvusRequestKind.SEARCH && hasIds(body);
    for (ObjectNode search : searches(kind, body)) {
      addText(groupings, search, "search[].");
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
    return new MilvusBody(groupings, byIds, rows);
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

  private static void addText(List<String> out, ObjectNode node, String where) throws RestClassificationException {
    String grouping = Json.optText(node, "groupingField", where);
    if (grouping != null && !grouping.isEmpty()) {
      out.add(grouping);
    }
  }

  @Override
  public List<String> groupByFields() {
    return groupByFields;
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
