package dev.vectorguard.qdrant;

/**
 * What a Qdrant request body holds and what its response carries, the same on REST and gRPC:
 * the shape the model's rules and the bindings' rewriters work on.
 */
public enum QdrantRequestKind {
  /** No body the guard reads or rewrites (metadata, lifecycle, health). */
  NONE,
  /** search, recommend, discover: one read, scored points back. */
  SEARCH,
  /** their batch forms: several reads, a list of scored point lists back. */
  SEARCH_BATCH,
  /** grouped search, recommend or query: groups of hits, each with an optional lookup. */
  GROUPS,
  /** the universal query API: one read with prefetches. */
  QUERY,
  /** its batch form. */
  QUERY_BATCH,
  /** scroll: points back, optionally ordered by a payload key. */
  SCROLL,
  /** points by id (REST {@code POST .../points}, gRPC {@code Get}). */
  POINTS_BY_IDS,
  /** one point by id (REST {@code GET .../points/{id}}). */
  POINT,
  COUNT,
  FACET,
  /** distance matrices: {@code sample} points. */
  MATRIX,
  UPSERT,
  DELETE_POINTS,
  SET_PAYLOAD,
  OVERWRITE_PAYLOAD,
  DELETE_PAYLOAD,
  CLEAR_PAYLOAD,
  UPDATE_VECTORS,
  DELETE_VECTORS,
  /** several point writes in one request. */
  BATCH_UPDATE,
  CREATE_COLLECTION,
  /** alias changes: every alias and collection they name. */
  ALIASES,
  LIST_COLLECTIONS,
  LIST_ALIASES,
  /** snapshot downloads and shard snapshot streams: raw data no mask can reach. */
  RAW_DATA;

  /** Whether requests of this kind read points through a filter, limit and payload selection. */
  public boolean isPointRead() {
    return this == SEARCH || this == SEARCH_BATCH || this == GROUPS || this == QUERY || this == QUERY_BATCH
        || this == SCROLL;
  }

  /** Whether requests of this kind hold several reads. */
  public boolean isBatch() {
    return this == SEARCH_BATCH || this == QUERY_BATCH;
  }

  /** Whether requests of this kind change points. */
  public boolean isPointWrite() {
    return switch (this) {
      case UPSERT, DELETE_POINTS, SET_PAYLOAD, OVERWRITE_PAYLOAD, DELETE_PAYLOAD, CLEAR_PAYLOAD, UPDATE_VECTORS,
          DELETE_VECTORS, BATCH_UPDATE -> true;
      default -> false;
    };
  }
}
