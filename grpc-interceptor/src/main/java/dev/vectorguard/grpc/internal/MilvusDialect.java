package dev.vectorguard.grpc.internal;

import static dev.vectorguard.Operation.*;

import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Milvus 2.6's {@code milvus.proto.milvus.MilvusService} (117 methods) read by descriptor.
 *
 * <p>Each method is classified at least as strictly as its {@code privilege_ext_obj}: collection
 * reads {@code read}; data writes, loads, flushes and index changes at least {@code write};
 * aliases, collection lifecycle and schema changes {@code manage}; users, roles, databases,
 * resource groups and replication {@code admin}. Methods Milvus leaves unchecked get a level of
 * our own: {@code HasCollection} and segment, replica and import lookups read that collection;
 * metrics, timestamps and internal calls are {@code cluster} (admin); the deprecated
 * {@code CalcDistance}, internal calls and both streaming methods are {@code unknown}, refused
 * unless a policy names them. The database is the request's {@code db_name} (or {@code dbName}),
 * else the {@code dbname} header, else {@code default}.
 */
public final class MilvusDialect implements GrpcDialect {
  /** The dialect; stateless. */
  public static final MilvusDialect INSTANCE = new MilvusDialect();

  static final String SERVICE = "milvus.proto.milvus.MilvusService/";

  private record Spec(Operation operation, AccessLevel access, boolean global) {}

  private static final Map<String, Spec> METHODS = new HashMap<>();

  static {
    collection(DESCRIBE_COLLECTION, AccessLevel.READ, "HasCollection", "DescribeCollection",
        "BatchDescribeCollection", "GetCollectionStatistics", "HasPartition", "ShowPartitions",
        "GetPartitionStatistics", "GetLoadingProgress", "GetLoadState", "GetFlushState", "GetPersistentSegmentInfo",
        "GetQuerySegmentInfo", "GetReplicas", "ListImportTasks", "GetImportState", "RunAnalyzer");
    collection(LIST_COLLECTIONS, AccessLevel.READ, "ShowCollections");
    collection(SEARCH, AccessLevel.READ, "Search", "HybridSearch");
    collection(QUERY, AccessLevel.READ, "Query");
    collection(UPSERT, AccessLevel.WRITE, "Insert", "Upsert", "Import");
    collection(DELETE, AccessLevel.WRITE, "Delete");
    collection(FLUSH, AccessLevel.WRITE, "Flush");
    collection(LOAD_COLLECTION, AccessLevel.MANAGE, "LoadCollection", "ReleaseCollection", "LoadPartitions",
        "ReleasePartitions");
    collection(CREATE_COLLECTION, AccessLevel.MANAGE, "CreateCollection");
    collection(DROP_COLLECTION, AccessLevel.MANAGE, "DropCollection", "TruncateCollection");
    collection(ALTER_COLLECTION, AccessLevel.MANAGE, "AlterCollection", "AlterCollectionField",
        "AddCollectionFunction", "AlterCollectionFunction", "DropCollectionFunction", "AddCollectionField",
        "ManualCompaction");
    collection(ALTER_COLLECTION, AccessLevel.ADMIN, "RenameCollection");
    collection(PARTITION, AccessLevel.MANAGE, "CreatePartition", "DropPartition");
    collection(CREATE_INDEX, AccessLevel.MANAGE, "CreateIndex", "AlterIndex");
    collection(DROP_INDEX, AccessLevel.MANAGE, "DropIndex");
    collection(DESCRIBE_INDEX, AccessLevel.READ, "DescribeIndex", "GetIndexStatistics", "GetIndexState",
        "GetIndexBuildProgress");
    collection(ALIAS, AccessLevel.MANAGE, "CreateAlias", "DropAlias", "AlterAlias");
    collection(LIST_ALIASES, AccessLevel.READ, "DescribeAlias", "ListAliases");
    collection(USER_ADMIN, AccessLevel.ADMIN, "CreateRowPolicy", "DropRowPolicy", "ListRowPolicies");
    collection(CLUSTER, AccessLevel.ADMIN, "LoadBalance", "TransferReplica");
    collection(DATABASE_ADMIN, AccessLevel.ADMIN, "CreateDatabase", "DropDatabase", "AlterDatabase");
    collection(LIST_DATABASES, AccessLevel.READ, "DescribeDatabase");
    global(LIST_DATABASES, AccessLevel.READ, "ListDatabases");
    global(FLUSH, AccessLevel.ADMIN, "FlushAll");
    global(USER_ADMIN, AccessLevel.ADMIN, "CreateCredential", "UpdateCredential", "DeleteCredential",
        "ListCredUsers", "CreateRole", "AlterRole", "DropRole", "OperateUserRole", "SelectRole", "SelectUser",
        "OperatePrivilege", "OperatePrivilegeV2", "SelectGrant", "BackupRBAC", "RestoreRBAC",
        "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup",
        "AddUserTags", "DeleteUserTags", "GetUserTags", "ListUsersWithTag");
    global(CLUSTER, AccessLevel.ADMIN, "CreateResourceGroup", "DropResourceGroup", "UpdateResourceGroups",
        "TransferNode", "ListResourceGroups", "DescribeResourceGroup", "GetMetrics", "GetCompactionState",
        "GetCompactionStateWithPlans", "GetFlushAllState", "AllocTimestamp", "ReplicateMessage",
        "UpdateReplicateConfiguration", "GetReplicateConfiguration", "GetReplicateInfo", "AddFileResource",
        "RemoveFileResource", "ListFileResources");
    global(HEALTH, AccessLevel.NONE, "Connect", "GetVersion", "CheckHealth", "GetComponentStates");
    // Not classified, so unknown (admin): CalcDistance (reads vectors of any collection by id),
    // Dummy, RegisterLink, ListIndexedSegment, DescribeSegmentIndexData, and the streaming
    // CreateReplicateStream and DumpMessages.
  }

  private static void collection(Operation op, AccessLevel access, String... methods) {
    for (String m : methods) {
      METHODS.put(SERVICE + m, new Spec(op, access, false));
    }
  }

  private static void global(Operation op, AccessLevel access, String... methods) {
    for (String m : methods) {
      METHODS.put(SERVICE + m, new Spec(op, access, true));
    }
  }

  private MilvusDialect() {}

  /** The full names of every method this dialect classifies as something other than {@code unknown}. */
  public static Set<String> knownMethods() {
    return Set.copyOf(METHODS.keySet());
  }

  @Override
  public Backend backend() {
    return Backend.MILVUS;
  }

  @Override
  public boolean handles(String fullMethodName) {
    return fullMethodName.startsWith(SERVICE);
  }

  @Override
  public VectorCall classify(String fullMethodName, Message request, Function<String, @Nullable String> headers) {
    Protos.requirePackage(request, "milvus.proto");
    Spec spec = METHODS.getOrDefault(fullMethodName, new Spec(UNKNOWN, AccessLevel.ADMIN, true));
    Set<String> collections = new LinkedHashSet<>();
    if (!spec.global()) {
      for (String field : List.of("collection_name", "collection_names", "collectionName", "oldName", "newName",
          "alias")) {
        collections.addAll(Protos.strings(request, field));
      }
      // A hybrid search's sub-requests name a collection each; whether or not the server reads
      // them, deciding on them too cannot let more through.
      for (Message sub : Protos.messages(request, "requests")) {
        collections.addAll(Protos.strings(sub, "collection_name"));
      }
    }
    String database = database(request, headers);
    VectorCall.Builder call = VectorCall.builder(Backend.MILVUS, spec.operation())
        .access(spec.access())
        .collections(new ArrayList<>(collections))
        .database(database)
        .facts(facts(request))
        .endpoint(fullMethodName);
    if (spec.global()) {
      call.scope(Scope.GLOBAL);
    }
    return call.build();
  }

  static String database(Message request, Function<String, @Nullable String> headers) {
    for (String field : List.of("db_name", "dbName")) {
      String db = Protos.string(request, field);
      if (!db.isEmpty()) {
        return db;
      }
    }
    String header = headers.apply("dbname");
    return header == null || header.isEmpty() ? "default" : header;
  }

  private static RequestFacts facts(Message request) {
    RequestFacts.Builder facts = RequestFacts.builder();
    Long limit = null;
    for (String params : List.of("search_params", "query_params", "rank_params")) {
      for (Message kv : Protos.messages(request, params)) {
        String key = Protos.string(kv, "key");
        if (key.equals("topk") || key.equals("limit")) {
          try {
            limit = Long.parseLong(Protos.string(kv, "value").trim());
          } catch (NumberFormatException e) {
            throw new RequestRejectedException(dev.vectorguard.GuardFailureException.Cause.PARSE,
                "the " + key + " parameter is not a number");
          }
        }
      }
    }
    if (limit != null && limit >= 0) {
      facts.limit((int) Math.min(Integer.MAX_VALUE, limit));
    }
    facts.outputFields(Protos.strings(request, "output_fields"));
    boolean filter = !Protos.string(request, "dsl").isEmpty() || !Protos.string(request, "expr").isEmpty()
        || Protos.messages(request, "requests").stream().anyMatch(r -> !Protos.string(r, "dsl").isEmpty());
    facts.filterPresent(filter);
    return facts.build();
  }

  @Override
  public Message rewrite(VectorCall call, Message request, Obligations obligations) {
    return MilvusRewriter.rewrite(call, request, obligations);
  }

  @Override
  public Masked mask(VectorCall call, Message response, Obligations obligations, @Nullable MaskPlan plan) {
    return MilvusMasker.mask(response, obligations, plan);
  }

  @Override
  public boolean needsMasking(VectorCall call, Obligations obligations) {
    return !obligations.maskRules().isEmpty() || obligations.stripVectors()
        || obligations.allowedOutputFields() != null;
  }
}
