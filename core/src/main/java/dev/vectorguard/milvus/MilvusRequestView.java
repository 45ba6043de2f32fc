package dev.vectorguard.milvus;

import dev.vectorguard.model.FieldPath;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MilvusRules} asks of one Milvus request, answered by a transport binding from its
 * wire format. Each answer covers the whole request: every sub-search and hybrid request, every
 * parameter list, every row. A binding must answer for every part its protocol can carry; what a
 * part means (which parameter groups or orders, what a ranker reads) is the model's to say.
 */
public interface MilvusRequestView {

  /**
   * One key-value parameter of a search, query or rerank, as Milvus receives it.
   *
   * @param key the parameter's key ({@code group_by_field}, {@code topk})
   * @param value its value as text
   */
  record Param(String key, String value) {
    public Param {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * One function of a request's {@code function_score}: a reranker such as {@code decay},
   * {@code boost} or {@code model}.
   *
   * @param inputFields the fields it reads ({@code input_field_names}, REST {@code inputFieldNames})
   * @param params its parameters, values as text ({@code reranker}, a boost's {@code filter})
   */
  record Ranker(List<String> inputFields, Map<String, String> params) {
    public Ranker {
      inputFields = List.copyOf(inputFields);
      params = Map.copyOf(params);
    }
  }

  /**
   * Every boolean expression the request filters by, as spelled on the wire: REST {@code filter}
   * at the top and in each hybrid {@code search[]}; gRPC {@code dsl} or {@code expr} of the
   * request, its {@code sub_reqs} and its hybrid {@code requests}. Blank ones may be left out; a
   * ranker's filter is one of its {@link Ranker#params}.
   */
  List<String> expressions();

  /**
   * Every parameter of the request's {@code search_params}, {@code query_params} and
   * {@code rank_params}, at the top and in every sub-search and hybrid request, as Milvus receives
   * it: on REST, {@code groupingField} is {@code group_by_field}, each entry of
   * {@code searchParams} (a hybrid search's {@code params}) is a parameter of its own, and
   * {@code orderByFields} is {@code order_by_fields}, comma-joined.
   */
  List<Param> params();

  /** Every function of the request's {@code function_score}, at the top and in each hybrid request. */
  List<Ranker> rankers();

  /**
   * Whether a search takes its query vectors from entities named by primary key (REST
   * {@code ids}; gRPC {@code search_by_primary_keys} or {@code ids}): Milvus fetches those vectors
   * with a query of its own, without the request's expression.
   */
  boolean searchesByPrimaryKeys();

  /** How many rows the request writes (insert, upsert); 0 when it writes none. */
  int rowCount();

  /**
   * What row {@code row} holds at {@code field} (a schema field, a key of a JSON field, or a
   * dynamic field): a {@code String} for a string value, another object for other values, or
   * {@code null} when the row has no value there.
   */
  @Nullable Object rowValue(int row, FieldPath field);
}
