package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.vectorguard.milvus.MilvusRequestView;
import dev.vectorguard.model.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Milvus protobuf request as {@link MilvusRequestView} sees it: the {@code dsl} or {@code expr},
 * the {@code search_params}, {@code query_params} and {@code rank_params}, the functions of
 * {@code function_score}, and {@code search_by_primary_keys} or {@code ids}, of the request, its
 * {@code sub_reqs} and its hybrid {@code requests}; the rows of {@code fields_data}, where a field
 * is a schema column or, failing that, a key of each row's dynamic {@code $meta} object.
 */
final class MilvusMessageView implements MilvusRequestView {
  private final Message request;
  private final Map<String, List<@Nullable Object>> columns = new HashMap<>();

  MilvusMessageView(Message request) {
    this.request = request;
  }

  /** The request and every search it holds. */
  private static List<MessageOrBuilder> searches(MessageOrBuilder request) {
    List<MessageOrBuilder> out = new ArrayList<>(List.of(request));
    for (Message sub : Protos.messages(request, "requests")) {
      out.add(sub);
      out.addAll(Protos.messages(sub, "sub_reqs"));
    }
    out.addAll(Protos.messages(request, "sub_reqs"));
    return out;
  }

  private static List<String> params(MessageOrBuilder holder, String key) {
    List<String> out = new ArrayList<>();
    for (String field : List.of("search_params", "rank_params")) {
      for (Message kv : Protos.messages(holder, field)) {
        if (Protos.string(kv, "key").equals(key)) {
          out.add(Protos.string(kv, "value").trim());
        }
      }
    }
    return out;
  }

  /** The fields the request searches on ({@code anns_field}), which hold vectors. */
  static Set<String> annsFields(MessageOrBuilder request) {
    Set<String> out = new LinkedHashSet<>();
    for (MessageOrBuilder search : searches(request)) {
      out.addAll(params(search, "anns_field"));
    }
    return out;
  }

  @Override
  public List<String> expressions() {
    List<String> out = new ArrayList<>();
    for (MessageOrBuilder search : searches(request)) {
      for (String field : List.of("dsl", "expr")) {
        String expression = Protos.string(search, field);
        if (!expression.isBlank()) {
          out.add(expression);
        }
      }
    }
    return out;
  }

  @Override
  public List<Param> params() {
    List<Param> out = new ArrayList<>();
    for (MessageOrBuilder search : searches(request)) {
      for (String field : List.of("search_params", "query_params", "rank_params")) {
        for (Message kv : Protos.messages(search, field)) {
          out.add(new Param(Protos.string(kv, "key"), Protos.string(kv, "value")));
        }
      }
    }
    return out;
  }

  @Override
  public List<Ranker> rankers() {
    List<Ranker> out = new ArrayList<>();
    List<MessageOrBuilder> holders = new ArrayList<>(List.of(request));
    holders.addAll(Protos.messages(request, "requests"));
    for (MessageOrBuilder holder : holders) {
      Message score = Protos.message(holder, "function_score");
      for (Message function : score == null ? List.<Message>of() : Protos.messages(score, "functions")) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Message kv : Protos.messages(function, "params")) {
          values.put(Protos.string(kv, "key"), Protos.string(kv, "value"));
        }
        out.add(new Ranker(Protos.strings(function, "input_field_names"), values));
      }
    }
    return out;
  }

  @Override
  public boolean searchesByPrimaryKeys() {
    for (MessageOrBuilder search : searches(request)) {
      FieldDescriptor byKeys = Protos.field(search, "search_by_primary_keys");
      if (byKeys != null && Boolean.TRUE.equals(search.getField(byKeys)) || Protos.message(search, "ids") != null) {
        return true;
      }
    }
    return false;
  }

  /** {@code num_rows}, or the longest scalar column when that is longer: every row is checked. */
  @Override
  public int rowCount() {
    Long declared = Protos.number(request, "num_rows");
    long rows = declared == null ? 0 : declared;
    for (Message column : Protos.messages(request, "fields_data")) {
      if (MilvusColumns.scalarKind(column) != null) {
        rows = Math.max(rows, column(column).size());
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, rows);
  }

  @Override
  public @Nullable Object rowValue(int row, FieldPath field) {
    Message schemaColumn = null;
    Message dynamic = null;
    for (Message column : Protos.messages(request, "fields_data")) {
      boolean isDynamic = Boolean.TRUE.equals(QdrantDialect.fieldValue(column, "is_dynamic"));
      if (!isDynamic && Protos.string(column, "field_name").equals(field.first())) {
        schemaColumn = column;
      } else if (isDynamic && "json_data".equals(MilvusColumns.scalarKind(column))) {
        dynamic = column;
      }
    }
    Object value;
    List<String> rest;
    if (schemaColumn != null) {
      value = at(column(schemaColumn), row);
      rest = field.keys().subList(1, field.keys().size());
    } else if (dynamic != null) {
      value = at(column(dynamic), row);
      rest = field.keys();
    } else {
      return null;
    }
    for (String key : rest) {
      value = value instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return value;
  }

  private List<@Nullable Object> column(Message column) {
    return columns.computeIfAbsent(Protos.string(column, "field_name") + "\u0000"
        + QdrantDialect.fieldValue(column, "is_dynamic"), k -> MilvusColumns.values(column));
  }

  private static @Nullable Object at(List<@Nullable Object> values, int row) {
    return row < values.size() ? values.get(row) : null;
  }
}
