package dev.vectorguard.milvus;

import dev.vectorguard.model.FieldPath;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MilvusRules} asks of one Milvus request, answered by a transport binding from its
 * wire format. Each answer covers the whole request: every sub-search and hybrid request, every
 * parameter list, every row. A binding must answer for every part its protocol can carry.
 */
public interface MilvusRequestView {

  /**
   * Every field the request groups hits by, as spelled on the wire: REST {@code groupingField} at
   * the top and in each {@code search[]}; gRPC {@code group_by_field} in the
   * {@code search_params} or {@code rank_params} of the request, its {@code sub_reqs} and its
   * hybrid {@code requests}. Each group carries the field's value.
   */
  List<String> groupByFields();

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
