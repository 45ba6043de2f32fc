package dev.vectorguard;

/** What a call addresses: named collections, a whole database, or the whole server. */
public enum Scope {
  /** The call names one or more collections ({@link VectorCall#collections()} is not empty). */
  COLLECTION,
  /** The call addresses a database (Milvus, Chroma) but no collection. */
  DATABASE,
  /** The call addresses the server: listings, cluster, users, health. */
  GLOBAL
}
