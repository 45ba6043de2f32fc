package dev.vectorguard.milvus;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.NONE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;
import static dev.vectorguard.Scope.COLLECTION;
import static dev.vectorguard.Scope.GLOBAL;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import java.util.Locale;

/**
 * Every action of Milvus 2.6's API, whichever transport carries it, with the operation and access
 * level the guard decides it as and the shape of its request. One constant per
 * {@code milvus.proto.milvus.MilvusService} method the guard knows (the gRPC method
 * {@code GetCollectionStatistics} is {@link #GET_COLLECTION_STATISTICS}), and a few REST v2
 * routes that call none of them.
 *
 * <p>Each level is at least as strict as the method's {@code privilege_ext_obj} in Milvus's
 * built-in privilege groups: collection reads {@code read}; data writes and flushes
 * {@code write}; loads, index and partition changes, aliases, collection lifecycle and schema
 * changes {@code manage}; users, roles, databases, resource groups and replication {@code admin}.
 * Methods Milvus leaves unchecked get a level of our own: {@code HasCollection} and segment,
 * replica and import lookups read that collection; metrics, timestamps and compaction states are
 * {@code cluster} (admin). Not listed, so {@link Operation#UNKNOWN} (refused unless a policy
 * names them): the deprecated {@code CalcDistance} (reads vectors of any collection by id),
 * {@code Dummy}, {@code RegisterLink}, {@code ListIndexedSegment},
 * {@code DescribeSegmentIndexData}, and the streaming {@code CreateReplicateStream} and
 * {@code DumpMessages}.
 *
 * <p>This table is the one place a level is written: the REST binding maps each route to a
 * constant ({@code handler_v2.go}'s {@code routeToMethod}), the gRPC binding each method.
 */
public enum MilvusApi {
  // Row reads.
  SEARCH(Operation.SEARCH, READ, MilvusRequestKind.SEARCH),
  HYBRID_SEARCH(Operation.SEARCH, READ, MilvusRequestKind.HYBRID_SEARCH),
  QUERY(Operation.QUERY, READ, MilvusRequestKind.QUERY),
  /** REST {@code entities/get}: a Query by primary keys without an expression; no gRPC method of its own. */
  GET_ENTITIES(Operation.GET, READ, MilvusRequestKind.GET_BY_IDS),
  // Row writes.
  INSERT(Operation.UPSERT, WRITE, MilvusRequestKind.INSERT),
  UPSERT(Operation.UPSERT, WRITE, MilvusRequestKind.UPSERT),
  DELETE(Operation.DELETE, WRITE, MilvusRequestKind.DELETE),
  /** gRPC {@code Import} and REST {@code jobs/import/create}: rows from files. */
  IMPORT(Operation.UPSERT, WRITE, MilvusRequestKind.BULK_IMPORT),
  FLUSH(Operation.FLUSH, WRITE, MilvusRequestKind.NONE),
  // Collection metadata.
  HAS_COLLECTION(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  DESCRIBE_COLLECTION(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  BATCH_DESCRIBE_COLLECTION(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_COLLECTION_STATISTICS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  HAS_PARTITION(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  SHOW_PARTITIONS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_PARTITION_STATISTICS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_LOADING_PROGRESS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_LOAD_STATE(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_FLUSH_STATE(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_PERSISTENT_SEGMENT_INFO(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_QUERY_SEGMENT_INFO(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  GET_REPLICAS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  /** gRPC {@code ListImportTasks} and REST {@code jobs/import/list}. */
  LIST_IMPORT_TASKS(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  /** gRPC {@code GetImportState} and REST {@code jobs/import/get_progress} and {@code describe}. */
  GET_IMPORT_STATE(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  RUN_ANALYZER(Operation.DESCRIBE_COLLECTION, READ, MilvusRequestKind.NONE),
  /** Unchecked by Milvus but filtered to the caller's grants; the guard filters it too. */
  SHOW_COLLECTIONS(Operation.LIST_COLLECTIONS, READ, MilvusRequestKind.LIST_COLLECTIONS),
  // Loading: the Load and Release privileges, for collections and partitions alike.
  LOAD_COLLECTION(Operation.LOAD_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  RELEASE_COLLECTION(Operation.LOAD_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  LOAD_PARTITIONS(Operation.LOAD_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  RELEASE_PARTITIONS(Operation.LOAD_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  // Collection lifecycle and schema.
  CREATE_COLLECTION(Operation.CREATE_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  DROP_COLLECTION(Operation.DROP_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  TRUNCATE_COLLECTION(Operation.DROP_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  ALTER_COLLECTION(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  ALTER_COLLECTION_FIELD(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  ADD_COLLECTION_FIELD(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  ADD_COLLECTION_FUNCTION(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  ALTER_COLLECTION_FUNCTION(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  DROP_COLLECTION_FUNCTION(Operation.ALTER_COLLECTION, MANAGE, MilvusRequestKind.NONE),
  /** Segment maintenance like a flush, but at the Compaction privilege's level. */
  MANUAL_COMPACTION(Operation.FLUSH, MANAGE, MilvusRequestKind.NONE),
  /** Needs a cluster-wide grant in Milvus (ClusterAdmin). */
  RENAME_COLLECTION(Operation.ALTER_COLLECTION, ADMIN, MilvusRequestKind.NONE),
  CREATE_PARTITION(Operation.PARTITION, MANAGE, MilvusRequestKind.NONE),
  DROP_PARTITION(Operation.PARTITION, MANAGE, MilvusRequestKind.NONE),
  // Indexes.
  CREATE_INDEX(Operation.CREATE_INDEX, MANAGE, MilvusRequestKind.NONE),
  ALTER_INDEX(Operation.CREATE_INDEX, MANAGE, MilvusRequestKind.NONE),
  DROP_INDEX(Operation.DROP_INDEX, MANAGE, MilvusRequestKind.NONE),
  DESCRIBE_INDEX(Operation.DESCRIBE_INDEX, READ, MilvusRequestKind.NONE),
  GET_INDEX_STATISTICS(Operation.DESCRIBE_INDEX, READ, MilvusRequestKind.NONE),
  GET_INDEX_STATE(Operation.DESCRIBE_INDEX, READ, MilvusRequestKind.NONE),
  GET_INDEX_BUILD_PROGRESS(Operation.DESCRIBE_INDEX, READ, MilvusRequestKind.NONE),
  // Aliases: changes check CreateAlias/DropAlias (Global); listings are db-wide reads.
  CREATE_ALIAS(Operation.ALIAS, MANAGE, MilvusRequestKind.NONE),
  DROP_ALIAS(Operation.ALIAS, MANAGE, MilvusRequestKind.NONE),
  ALTER_ALIAS(Operation.ALIAS, MANAGE, MilvusRequestKind.NONE),
  DESCRIBE_ALIAS(Operation.LIST_ALIASES, READ, MilvusRequestKind.DESCRIBE_ALIAS),
  LIST_ALIASES(Operation.LIST_ALIASES, READ, MilvusRequestKind.LIST_ALIASES),
  // Row policies (proto only in 2.6), replicas, databases.
  CREATE_ROW_POLICY(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE),
  DROP_ROW_POLICY(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE),
  LIST_ROW_POLICIES(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE),
  LOAD_BALANCE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE),
  TRANSFER_REPLICA(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE),
  CREATE_DATABASE(Operation.DATABASE_ADMIN, ADMIN, MilvusRequestKind.NONE),
  DROP_DATABASE(Operation.DATABASE_ADMIN, ADMIN, MilvusRequestKind.NONE),
  ALTER_DATABASE(Operation.DATABASE_ADMIN, ADMIN, MilvusRequestKind.NONE),
  DESCRIBE_DATABASE(Operation.LIST_DATABASES, READ, MilvusRequestKind.NONE),
  // Server level: no collection is read from these requests.
  LIST_DATABASES(Operation.LIST_DATABASES, READ, MilvusRequestKind.NONE, GLOBAL),
  FLUSH_ALL(Operation.FLUSH, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  CREATE_CREDENTIAL(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  UPDATE_CREDENTIAL(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DELETE_CREDENTIAL(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  LIST_CRED_USERS(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  CREATE_ROLE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  ALTER_ROLE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DROP_ROLE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  OPERATE_USER_ROLE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  SELECT_ROLE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  SELECT_USER(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  OPERATE_PRIVILEGE(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  OPERATE_PRIVILEGE_V2(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  SELECT_GRANT(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  BACKUP_RBAC(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  RESTORE_RBAC(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  CREATE_PRIVILEGE_GROUP(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DROP_PRIVILEGE_GROUP(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  LIST_PRIVILEGE_GROUPS(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  OPERATE_PRIVILEGE_GROUP(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  ADD_USER_TAGS(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DELETE_USER_TAGS(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_USER_TAGS(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  LIST_USERS_WITH_TAG(Operation.USER_ADMIN, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  CREATE_RESOURCE_GROUP(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DROP_RESOURCE_GROUP(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  UPDATE_RESOURCE_GROUPS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  TRANSFER_NODE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  LIST_RESOURCE_GROUPS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  DESCRIBE_RESOURCE_GROUP(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_METRICS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  /** Unchecked by Milvus; reads a compaction job by id, whatever its collection. */
  GET_COMPACTION_STATE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_COMPACTION_STATE_WITH_PLANS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_FLUSH_ALL_STATE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  ALLOC_TIMESTAMP(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  REPLICATE_MESSAGE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  UPDATE_REPLICATE_CONFIGURATION(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_REPLICATE_CONFIGURATION(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  GET_REPLICATE_INFO(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  ADD_FILE_RESOURCE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  REMOVE_FILE_RESOURCE(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  LIST_FILE_RESOURCES(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  /** REST {@code segments/describe} ({@code GetSegmentsInfo}, no 2.6 gRPC method). */
  DESCRIBE_SEGMENTS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  /** REST {@code quotacenter/describe} ({@code GetQuotaMetrics}, no 2.6 gRPC method). */
  DESCRIBE_QUOTAS(Operation.CLUSTER, ADMIN, MilvusRequestKind.NONE, GLOBAL),
  // No credential needed.
  CONNECT(Operation.HEALTH, NONE, MilvusRequestKind.NONE, GLOBAL),
  GET_VERSION(Operation.HEALTH, NONE, MilvusRequestKind.NONE, GLOBAL),
  /** gRPC {@code CheckHealth} and REST {@code GET /healthz}. */
  CHECK_HEALTH(Operation.HEALTH, NONE, MilvusRequestKind.NONE, GLOBAL),
  GET_COMPONENT_STATES(Operation.HEALTH, NONE, MilvusRequestKind.NONE, GLOBAL);

  private final Operation operation;
  private final AccessLevel access;
  private final MilvusRequestKind kind;
  private final Scope scope;

  MilvusApi(Operation operation, AccessLevel access, MilvusRequestKind kind) {
    this(operation, access, kind, COLLECTION);
  }

  MilvusApi(Operation operation, AccessLevel access, MilvusRequestKind kind, Scope scope) {
    this.operation = operation;
    this.access = access;
    this.kind = kind;
    this.scope = scope;
  }

  public Operation operation() {
    return operation;
  }

  /** The level the guard decides the action at; never below Milvus's own. */
  public AccessLevel access() {
    return access;
  }

  public MilvusRequestKind kind() {
    return kind;
  }

  /**
   * Whether the action addresses the server rather than collections: its calls are
   * {@link Scope#GLOBAL} and the bindings read no collection names from them.
   */
  public boolean global() {
    return scope == GLOBAL;
  }

  /** The action as a refusal names it ({@code "flush"}, {@code "manual_compaction"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
