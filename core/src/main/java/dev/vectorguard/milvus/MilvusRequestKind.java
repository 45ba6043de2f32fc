package dev.vectorguard.milvus;

/**
 * What a Milvus request holds and what its response carries, the same on REST v2 and gRPC: the
 * shape {@link MilvusRules} and the bindings' rewriters work on.
 */
public enum MilvusRequestKind {
  /** No body the guard reads or rewrites (metadata, lifecycle, administration, health). */
  NONE,
  /** A filtered read of rows: an expression, a limit, output fields. */
  QUERY,
  /** Rows by primary key without an expression (REST {@code entities/get}). */
  GET_BY_IDS,
  /** A vector search: an expression, a top-k, output fields, optional grouping; gRPC sub-requests. */
  SEARCH,
  /** Several searches reranked into one result, each with its own expression. */
  HYBRID_SEARCH,
  /** New rows, column by column (gRPC) or row by row (REST). */
  INSERT,
  /** Rows that replace any row with the same primary key. */
  UPSERT,
  /** Rows deleted by an expression. */
  DELETE,
  /** Rows written from files the guard never sees. */
  BULK_IMPORT,
  /** A listing of collection names. */
  LIST_COLLECTIONS,
  /** A listing of aliases (of one collection when the request names it). */
  LIST_ALIASES,
  /** One alias and the collection it points to. */
  DESCRIBE_ALIAS;

  /** Whether responses to requests of this kind carry rows to mask. */
  public boolean returnsRows() {
    return this == QUERY || this == GET_BY_IDS || this == SEARCH || this == HYBRID_SEARCH;
  }
}
