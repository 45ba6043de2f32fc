package dev.vectorguard.rest.internal;

import dev.vectorguard.mask.JsonLayout;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a Qdrant REST endpoint's body and response look like; not public API. */
enum QdrantShape {
  NONE,
  /** search, recommend, discover: {@code result[]}. */
  SEARCH("result[*]"),
  /** their batch forms: {@code searches[]} in, {@code result[][]} out. */
  SEARCH_BATCH("result[*][*]"),
  /** {@code result.groups[].hits[]} and {@code .lookup}. */
  GROUPS("result.groups[*].hits[*]", "result.groups[*].lookup"),
  QUERY("result.points[*]"),
  QUERY_BATCH("result[*].points[*]"),
  SCROLL("result.points[*]"),
  /** {@code POST .../points} by ids: {@code result[]}. */
  POINTS_BY_IDS("result[*]"),
  /** {@code GET .../points/{id}}: {@code result}. */
  POINT("result"),
  COUNT,
  FACET,
  MATRIX,
  UPSERT,
  DELETE_POINTS,
  SET_PAYLOAD,
  OVERWRITE_PAYLOAD,
  DELETE_PAYLOAD,
  CLEAR_PAYLOAD,
  UPDATE_VECTORS,
  DELETE_VECTORS,
  BATCH_UPDATE,
  CREATE_COLLECTION,
  ALIASES,
  LIST_COLLECTIONS,
  LIST_ALIASES,
  /** Snapshot downloads and shard snapshot streams: raw data the guard cannot mask. */
  RAW_DATA;

  private final List<String> records;

  QdrantShape(String... records) {
    this.records = List.of(records);
  }

  /** Where points sit in the response, or {@code null} when it carries no points. */
  @Nullable JsonLayout layout() {
    if (records.isEmpty()) {
      return null;
    }
    return JsonLayout.of(records.stream().map(r -> r + ".payload").toList(),
        records.stream().map(r -> r + ".vector").toList());
  }

  boolean isBatch() {
    return this == SEARCH_BATCH || this == QUERY_BATCH;
  }

  /** Reads that take {@code filter}, {@code limit}, {@code with_payload} and {@code with_vector}. */
  boolean isPointRead() {
    return this == SEARCH || this == SEARCH_BATCH || this == GROUPS || this == QUERY || this == QUERY_BATCH
        || this == SCROLL;
  }
}
