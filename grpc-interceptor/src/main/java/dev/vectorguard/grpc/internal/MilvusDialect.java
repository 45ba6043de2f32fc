package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.milvus.MilvusApi;
import dev.vectorguard.milvus.MilvusRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Milvus 2.6's {@code milvus.proto.milvus.MilvusService} (117 methods) read by descriptor: each
 * method is the {@link MilvusApi} action of the same name ({@code GetLoadState} is
 * {@code GET_LOAD_STATE}), whose level and rules it shares with the REST binding. Methods the
 * model does not list ({@code CalcDistance}, internal and streaming calls) are {@code unknown},
 * refused unless a policy names them. The database is the request's {@code db_name} (or
 * {@code dbName}), else the {@code dbname} header, else {@code default}.
 */
public final class MilvusDialect implements GrpcDialect {
  /** The dialect; stateless. */
  public static final MilvusDialect INSTANCE = new MilvusDialect();

  static final String SERVICE = "milvus.proto.milvus.MilvusService/";

  private static final Map<String, MilvusApi> METHODS = methods();

  private static Map<String, MilvusApi> methods() {
    Map<String, MilvusApi> m = new HashMap<>();
    for (String method : List.of("Search", "HybridSearch", "Query", "Insert", "Upsert", "Delete", "Import", "Flush",
        "HasCollection", "DescribeCollection", "BatchDescribeCollection", "GetCollectionStatistics", "HasPartition",
        "ShowPartitions", "GetPartitionStatistics", "GetLoadingProgress", "GetLoadState", "GetFlushState",
        "GetPersistentSegmentInfo", "GetQuerySegmentInfo", "GetReplicas", "ListImportTasks", "GetImportState",
        "RunAnalyzer", "ShowCollections", "LoadCollection", "ReleaseCollection", "LoadPartitions",
        "ReleasePartitions", "CreateCollection", "DropCollection", "TruncateCollection", "AlterCollection",
        "AlterCollectionField", "AddCollectionField", "AddCollectionFunction", "AlterCollectionFunction",
        "DropCollectionFunction", "ManualCompaction", "RenameCollection", "CreatePartition", "DropPartition",
        "CreateIndex", "AlterIndex", "DropIndex", "DescribeIndex", "GetIndexStatistics", "GetIndexState",
        "GetIndexBuildProgress", "CreateAlias", "DropAlias", "AlterAlias", "DescribeAlias", "ListAliases",
        "CreateRowPolicy", "DropRowPolicy", "ListRowPolicies", "LoadBalance", "TransferReplica", "CreateDatabase",
        "DropDatabase", "AlterDatabase", "DescribeDatabase", "ListDatabases", "FlushAll", "CreateCredential",
        "UpdateCredential", "DeleteCredential", "ListCredUsers", "CreateRole", "AlterRole", "DropRole",
        "OperateUserRole", "SelectRole", "SelectUser", "OperatePrivilege", "OperatePrivilegeV2", "SelectGrant",
        "BackupRBAC", "RestoreRBAC", "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups",
        "OperatePrivilegeGroup", "AddUserTags", "DeleteUserTags", "GetUserTags", "ListUsersWithTag",
        "CreateResourceGroup", "DropResourceGroup", "UpdateResourceGroups", "TransferNode", "ListResourceGroups",
        "DescribeResourceGroup", "GetMetrics", "GetCompactionState", "GetCompactionStateWithPlans",
        "GetFlushAllState", "AllocTimestamp", "ReplicateMessage", "UpdateReplicateConfiguration",
        "GetReplicateConfiguration", "GetReplicateInfo", "AddFileResource", "RemoveFileResource",
        "ListFileResources", "Connect", "GetVersion", "CheckHealth", "GetComponentStates")) {
      m.put(SERVICE + method, MilvusApi.valueOf(constantName(method)));
    }
    return Map.copyOf(m);
  }

  /** {@code GetLoadState} as {@code GET_LOAD_STATE}, {@code BackupRBAC} as {@code BACKUP_RBAC}. */
  static String constantName(String method) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      boolean wordStart = i > 0 && Character.isUpperCase(c) && (!Character.isUpperCase(method.charAt(i - 1))
          || i + 1 < method.length() && Character.isLowerCase(method.charAt(i + 1)));
      out.append(wordStart ? "_" : "").append(c);
    }
    return out.toString().toUpperCase(Locale.ROOT);
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
    MilvusApi api = METHODS.get(fullMethodName);
    boolean global = api == null || api.global();
    Set<String> collections = new LinkedHashSet<>();
    if (!global) {
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
    ModelRules.enforce(() -> MilvusRules.checkSameDatabase(database, Protos.string(request, "newDBName")));
    VectorCall.Builder call = VectorCall.builder(Backend.MILVUS, api == null ? Operation.UNKNOWN : api.operation())
        .access(api == null ? AccessLevel.ADMIN : api.access())
        .collections(new ArrayList<>(collections))
        .database(database)
        .facts(facts(request))
        .endpoint(fullMethodName);
    if (global) {
      call.scope(Scope.GLOBAL);
    }
    return call.build();
  }

  static String database(Message request, Function<String, @Nullable String> headers) {
    String named = Protos.string(request, "db_name");
    return MilvusRules.database(named.isEmpty() ? Protos.string(request, "dbName") : named, headers.apply("dbname"));
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
            throw new RequestRejectedException(Cause.PARSE, "the " + key + " parameter is not a number");
          }
        }
      }
    }
    if (limit != null && limit >= 0) {
      facts.limit((int) Math.min(Integer.MAX_VALUE, limit));
    }
    List<String> output = Protos.strings(request, "output_fields");
    facts.outputFields(output);
    facts.vectorsRequested(MilvusRules.vectorsRequested(output, MilvusMessageView.annsFields(request)));
    boolean filter = !Protos.string(request, "dsl").isEmpty() || !Protos.string(request, "expr").isEmpty()
        || Protos.messages(request, "requests").stream().anyMatch(r -> !Protos.string(r, "dsl").isEmpty());
    facts.filterPresent(filter);
    return facts.build();
  }

  @Override
  public Message rewrite(VectorCall call, Message request, Obligations obligations) {
    MilvusApi api = METHODS.get(call.endpoint());
    return api == null ? request : MilvusRewriter.rewrite(api, request, obligations);
  }

  @Override
  public Masked mask(VectorCall call, Message response, Obligations obligations, @Nullable MaskPlan plan) {
    Masked masked = MilvusMasker.mask(response, obligations, plan);
    if (!obligations.hidesFields()) {
      return masked;
    }
    return new Masked(MilvusStatus.withheld(masked.message()), masked.counts(), masked.results());
  }

  @Override
  public boolean needsMasking(VectorCall call, Obligations obligations) {
    return !obligations.maskRules().isEmpty() || obligations.stripVectors()
        || obligations.allowedOutputFields() != null;
  }
}
