package dev.vectorguard.qdrant;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.NONE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Operation;

/**
 * Every action of Qdrant's API (v1.19), whichever transport carries it, with the operation and
 * access level the guard decides it as and the shape of its request. Each level is at least as
 * strict as Qdrant's own JWT RBAC for the action ({@code src/common/auth},
 * {@code tests/consensus_tests/auth_tests/test_jwt_access.py}): point reads {@code read}, point
 * writes {@code write}, payload indexes, named vectors, lifecycle, aliases, shard keys and
 * collection snapshots {@code manage}, full snapshots, snapshot downloads and recovery, and
 * cluster operations {@code admin}.
 *
 * <p>This table is the one place a level is written: the REST binding maps each route to a
 * constant, the gRPC binding each method; a route or method that maps to none is
 * {@link Operation#UNKNOWN}.
 */
public enum QdrantApi {
  // Point reads.
  SEARCH(Operation.SEARCH, READ, QdrantRequestKind.SEARCH),
  SEARCH_BATCH(Operation.SEARCH, READ, QdrantRequestKind.SEARCH_BATCH),
  SEARCH_GROUPS(Operation.SEARCH, READ, QdrantRequestKind.GROUPS),
  SEARCH_MATRIX(Operation.SEARCH, READ, QdrantRequestKind.MATRIX),
  RECOMMEND(Operation.RECOMMEND, READ, QdrantRequestKind.SEARCH),
  RECOMMEND_BATCH(Operation.RECOMMEND, READ, QdrantRequestKind.SEARCH_BATCH),
  RECOMMEND_GROUPS(Operation.RECOMMEND, READ, QdrantRequestKind.GROUPS),
  DISCOVER(Operation.DISCOVER, READ, QdrantRequestKind.SEARCH),
  DISCOVER_BATCH(Operation.DISCOVER, READ, QdrantRequestKind.SEARCH_BATCH),
  QUERY(Operation.QUERY, READ, QdrantRequestKind.QUERY),
  QUERY_BATCH(Operation.QUERY, READ, QdrantRequestKind.QUERY_BATCH),
  QUERY_GROUPS(Operation.QUERY, READ, QdrantRequestKind.GROUPS),
  SCROLL(Operation.SCROLL, READ, QdrantRequestKind.SCROLL),
  GET_POINTS(Operation.GET, READ, QdrantRequestKind.POINTS_BY_IDS),
  GET_POINT(Operation.GET, READ, QdrantRequestKind.POINT),
  COUNT(Operation.COUNT, READ, QdrantRequestKind.COUNT),
  FACET(Operation.FACET, READ, QdrantRequestKind.FACET),
  // Point writes.
  UPSERT(Operation.UPSERT, WRITE, QdrantRequestKind.UPSERT),
  DELETE_POINTS(Operation.DELETE, WRITE, QdrantRequestKind.DELETE_POINTS),
  UPDATE_VECTORS(Operation.UPDATE, WRITE, QdrantRequestKind.UPDATE_VECTORS),
  DELETE_VECTORS(Operation.UPDATE, WRITE, QdrantRequestKind.DELETE_VECTORS),
  SET_PAYLOAD(Operation.UPDATE, WRITE, QdrantRequestKind.SET_PAYLOAD),
  OVERWRITE_PAYLOAD(Operation.UPDATE, WRITE, QdrantRequestKind.OVERWRITE_PAYLOAD),
  DELETE_PAYLOAD(Operation.UPDATE, WRITE, QdrantRequestKind.DELETE_PAYLOAD),
  CLEAR_PAYLOAD(Operation.UPDATE, WRITE, QdrantRequestKind.CLEAR_PAYLOAD),
  UPDATE_BATCH(Operation.UPDATE, WRITE, QdrantRequestKind.BATCH_UPDATE),
  // Payload indexes and named vectors: collection write without payload restrictions in Qdrant.
  CREATE_FIELD_INDEX(Operation.CREATE_INDEX, MANAGE, QdrantRequestKind.NONE),
  DELETE_FIELD_INDEX(Operation.DROP_INDEX, MANAGE, QdrantRequestKind.NONE),
  CREATE_VECTOR_NAME(Operation.ALTER_COLLECTION, MANAGE, QdrantRequestKind.NONE),
  DELETE_VECTOR_NAME(Operation.ALTER_COLLECTION, MANAGE, QdrantRequestKind.NONE),
  // Collection metadata and listings (listings are filtered to what the caller may describe).
  GET_COLLECTION(Operation.DESCRIBE_COLLECTION, READ, QdrantRequestKind.NONE),
  COLLECTION_EXISTS(Operation.DESCRIBE_COLLECTION, READ, QdrantRequestKind.NONE),
  LIST_SHARD_KEYS(Operation.DESCRIBE_COLLECTION, READ, QdrantRequestKind.NONE),
  COLLECTION_OPTIMIZATIONS(Operation.DESCRIBE_COLLECTION, READ, QdrantRequestKind.NONE),
  /** Shard placement and peers: Qdrant's {@code read} without payload restrictions; the guard treats it as cluster. */
  COLLECTION_CLUSTER_INFO(Operation.CLUSTER, ADMIN, QdrantRequestKind.NONE),
  LIST_COLLECTIONS(Operation.LIST_COLLECTIONS, READ, QdrantRequestKind.LIST_COLLECTIONS),
  LIST_ALIASES(Operation.LIST_ALIASES, READ, QdrantRequestKind.LIST_ALIASES),
  LIST_COLLECTION_ALIASES(Operation.LIST_ALIASES, READ, QdrantRequestKind.LIST_ALIASES),
  // Collection lifecycle, aliases, shard keys and cluster setup: global manage in Qdrant.
  CREATE_COLLECTION(Operation.CREATE_COLLECTION, MANAGE, QdrantRequestKind.CREATE_COLLECTION),
  UPDATE_COLLECTION(Operation.ALTER_COLLECTION, MANAGE, QdrantRequestKind.NONE),
  DELETE_COLLECTION(Operation.DROP_COLLECTION, MANAGE, QdrantRequestKind.NONE),
  UPDATE_ALIASES(Operation.ALIAS, MANAGE, QdrantRequestKind.ALIASES),
  CREATE_SHARD_KEY(Operation.PARTITION, MANAGE, QdrantRequestKind.NONE),
  DELETE_SHARD_KEY(Operation.PARTITION, MANAGE, QdrantRequestKind.NONE),
  UPDATE_CLUSTER_SETUP(Operation.CLUSTER, ADMIN, QdrantRequestKind.NONE),
  // Collection and shard snapshots: downloads are raw data past every mask; upload and recovery are global manage.
  LIST_SNAPSHOTS(Operation.SNAPSHOT, MANAGE, QdrantRequestKind.NONE),
  CREATE_SNAPSHOT(Operation.SNAPSHOT, MANAGE, QdrantRequestKind.NONE),
  DELETE_SNAPSHOT(Operation.SNAPSHOT, MANAGE, QdrantRequestKind.NONE),
  DOWNLOAD_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.RAW_DATA),
  RECOVER_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.NONE),
  UPLOAD_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.NONE),
  // Full snapshots hold every collection.
  LIST_FULL_SNAPSHOTS(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.NONE),
  CREATE_FULL_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.NONE),
  DELETE_FULL_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.NONE),
  DOWNLOAD_FULL_SNAPSHOT(Operation.SNAPSHOT, ADMIN, QdrantRequestKind.RAW_DATA),
  // Server level: telemetry and issues list collections; every mutation is global manage.
  SERVER_ADMIN(Operation.CLUSTER, ADMIN, QdrantRequestKind.NONE),
  HEALTH(Operation.HEALTH, NONE, QdrantRequestKind.NONE);

  private final Operation operation;
  private final AccessLevel access;
  private final QdrantRequestKind kind;

  QdrantApi(Operation operation, AccessLevel access, QdrantRequestKind kind) {
    this.operation = operation;
    this.access = access;
    this.kind = kind;
  }

  public Operation operation() {
    return operation;
  }

  /** The level the guard decides the action at; never below Qdrant's own. */
  public AccessLevel access() {
    return access;
  }

  public QdrantRequestKind kind() {
    return kind;
  }
}
