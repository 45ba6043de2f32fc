package dev.vectorguard.grpc.internal;

import static dev.vectorguard.Operation.*;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.qdrant.QdrantApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC binding of the Qdrant model ({@link dev.vectorguard.qdrant}): maps each method of
 * Qdrant's public gRPC API ({@code qdrant.Points}, {@code qdrant.Collections},
 * {@code qdrant.Snapshots}, {@code qdrant.Qdrant}, {@code qdrant.StorageRead},
 * {@code grpc.health.v1.Health}) read by descriptor.
 *
 * <p>Each method maps to its {@link QdrantApi} action, which holds its operation and access
 * level for every transport. {@code qdrant.StorageRead} returns raw shard files past every mask,
 * so it maps to none and is {@code unknown} (admin): refused unless a policy names it. A call's collections are its
 * {@code collection_name} at any depth (batch items, {@code lookup_from}, prefetches), the
 * {@code with_lookup} collection and alias names.
 */
public final class QdrantDialect implements GrpcDialect {
  /** The dialect; stateless. */
  public static final QdrantDialect INSTANCE = new QdrantDialect();

  private static final Map<String, QdrantApi> METHODS = new HashMap<>();

  static {
    points("Search", QdrantApi.SEARCH);
    points("SearchBatch", QdrantApi.SEARCH_BATCH);
    points("SearchGroups", QdrantApi.SEARCH_GROUPS);
    points("SearchMatrixPairs", QdrantApi.SEARCH_MATRIX);
    points("SearchMatrixOffsets", QdrantApi.SEARCH_MATRIX);
    points("Recommend", QdrantApi.RECOMMEND);
    points("RecommendBatch", QdrantApi.RECOMMEND_BATCH);
    points("RecommendGroups", QdrantApi.RECOMMEND_GROUPS);
    points("Discover", QdrantApi.DISCOVER);
    points("DiscoverBatch", QdrantApi.DISCOVER_BATCH);
    points("Query", QdrantApi.QUERY);
    points("QueryBatch", QdrantApi.QUERY_BATCH);
    points("QueryGroups", QdrantApi.QUERY_GROUPS);
    points("Scroll", QdrantApi.SCROLL);
    points("Get", QdrantApi.GET_POINTS);
    points("Count", QdrantApi.COUNT);
    points("Facet", QdrantApi.FACET);
    points("Upsert", QdrantApi.UPSERT);
    points("Delete", QdrantApi.DELETE_POINTS);
    points("UpdateVectors", QdrantApi.UPDATE_VECTORS);
    points("DeleteVectors", QdrantApi.DELETE_VECTORS);
    points("SetPayload", QdrantApi.SET_PAYLOAD);
    points("OverwritePayload", QdrantApi.OVERWRITE_PAYLOAD);
    points("DeletePayload", QdrantApi.DELETE_PAYLOAD);
    points("ClearPayload", QdrantApi.CLEAR_PAYLOAD);
    points("UpdateBatch", QdrantApi.UPDATE_BATCH);
    points("CreateFieldIndex", QdrantApi.CREATE_FIELD_INDEX);
    points("DeleteFieldIndex", QdrantApi.DELETE_FIELD_INDEX);
    points("CreateVectorName", QdrantApi.CREATE_VECTOR_NAME);
    points("DeleteVectorName", QdrantApi.DELETE_VECTOR_NAME);

    collections("Get", QdrantApi.GET_COLLECTION);
    collections("CollectionExists", QdrantApi.COLLECTION_EXISTS);
    collections("ListShardKeys", QdrantApi.LIST_SHARD_KEYS);
    collections("List", QdrantApi.LIST_COLLECTIONS);
    collections("ListCollectionAliases", QdrantApi.LIST_COLLECTION_ALIASES);
    collections("ListAliases", QdrantApi.LIST_ALIASES);
    collections("Create", QdrantApi.CREATE_COLLECTION);
    collections("Update", QdrantApi.UPDATE_COLLECTION);
    collections("Delete", QdrantApi.DELETE_COLLECTION);
    collections("CreateShardKey", QdrantApi.CREATE_SHARD_KEY);
    collections("DeleteShardKey", QdrantApi.DELETE_SHARD_KEY);
    collections("UpdateAliases", QdrantApi.UPDATE_ALIASES);
    collections("CollectionClusterInfo", QdrantApi.COLLECTION_CLUSTER_INFO);
    collections("UpdateCollectionClusterSetup", QdrantApi.UPDATE_CLUSTER_SETUP);

    METHODS.put("qdrant.Snapshots/Create", QdrantApi.CREATE_SNAPSHOT);
    METHODS.put("qdrant.Snapshots/List", QdrantApi.LIST_SNAPSHOTS);
    METHODS.put("qdrant.Snapshots/Delete", QdrantApi.DELETE_SNAPSHOT);
    METHODS.put("qdrant.Snapshots/CreateFull", QdrantApi.CREATE_FULL_SNAPSHOT);
    METHODS.put("qdrant.Snapshots/ListFull", QdrantApi.LIST_FULL_SNAPSHOTS);
    METHODS.put("qdrant.Snapshots/DeleteFull", QdrantApi.DELETE_FULL_SNAPSHOT);
    METHODS.put("qdrant.Qdrant/HealthCheck", QdrantApi.HEALTH);
    METHODS.put("grpc.health.v1.Health/Check", QdrantApi.HEALTH);
    // Not mapped, so unknown (admin): qdrant.StorageRead, which returns raw shard files past every mask.
  }

  private static void points(String method, QdrantApi api) {
    METHODS.put("qdrant.Points/" + method, api);
  }

  private static void collections(String method, QdrantApi api) {
    METHODS.put("qdrant.Collections/" + method, api);
  }

  /** The action of {@code fullMethodName}, or {@code null} when it is not one the guard knows. */
  static @Nullable QdrantApi apiOf(String fullMethodName) {
    return METHODS.get(fullMethodName);
  }

  private QdrantDialect() {}

  @Override
  public Backend backend() {
    return Backend.QDRANT;
  }

  @Override
  public boolean handles(String fullMethodName) {
    return fullMethodName.startsWith("qdrant.") || fullMethodName.startsWith("grpc.health.v1.Health/");
  }

  /** The full names of every method this dialect classifies as something other than {@code unknown}. */
  public static Set<String> knownMethods() {
    return Set.copyOf(METHODS.keySet());
  }

  @Override
  public VectorCall classify(String fullMethodName, Message request, Function<String, @Nullable String> headers) {
    Protos.requirePackage(request, fullMethodName.startsWith("grpc.health.v1.") ? "grpc.health.v1" : "qdrant");
    QdrantApi api = METHODS.get(fullMethodName);
    Operation operation = api == null ? UNKNOWN : api.operation();
    AccessLevel access = api == null ? AccessLevel.ADMIN : api.access();
    Set<String> collections = new LinkedHashSet<>();
    collectCollections(request, collections, 0);
    VectorCall.Builder call = VectorCall.builder(Backend.QDRANT, operation)
        .access(access)
        .collections(new ArrayList<>(collections))
        .facts(facts(request))
        .endpoint(fullMethodName);
    if (collections.isEmpty()) {
      call.scope(Scope.GLOBAL);
    }
    return call.build();
  }

  @Override
  public Message rewrite(VectorCall call, Message request, Obligations obligations) {
    return QdrantRewriter.rewrite(call, request, obligations);
  }

  @Override
  public Masked mask(VectorCall call, Message response, Obligations obligations, @Nullable MaskPlan plan) {
    return QdrantMasker.mask(call, response, obligations, plan);
  }

  private static void collectCollections(Message m, Set<String> out, int depth) {
    if (depth > 64) {
      throw new RequestRejectedException(dev.vectorguard.GuardFailureException.Cause.PARSE,
          "the request nests deeper than 64 messages");
    }
    for (String name : List.of("collection_name", "alias_name", "old_alias_name", "new_alias_name")) {
      out.addAll(Protos.strings(m, name));
    }
    if (Protos.isType(m, "qdrant.WithLookup")) {
      out.addAll(Protos.strings(m, "collection"));
    }
    for (Message child : Protos.children(m)) {
      collectCollections(child, out, depth + 1);
    }
  }

  private static RequestFacts facts(Message request) {
    RequestFacts.Builder facts = RequestFacts.builder();
    Long limit = Protos.number(request, "limit");
    if (limit != null) {
      facts.limit((int) Math.min(Integer.MAX_VALUE, limit));
    }
    Message withVectors = Protos.message(request, "with_vectors");
    facts.vectorsRequested(withVectors != null
        && (Boolean.TRUE.equals(fieldValue(withVectors, "enable")) || Protos.message(withVectors, "include") != null));
    Message filter = Protos.message(request, "filter");
    facts.filterPresent(filter != null && !filter.getAllFields().isEmpty());
    Set<String> keys = new LinkedHashSet<>();
    if (filter != null) {
      filterKeys(filter, keys);
    }
    for (String name : List.of("group_by", "key")) {
      keys.addAll(Protos.strings(request, name));
    }
    Message orderBy = Protos.message(request, "order_by");
    if (orderBy != null) {
      keys.addAll(Protos.strings(orderBy, "key"));
    }
    facts.filterFields(new ArrayList<>(keys));
    Message withPayload = Protos.message(request, "with_payload");
    Message include = withPayload == null ? null : Protos.message(withPayload, "include");
    if (include != null) {
      facts.outputFields(Protos.strings(include, "fields"));
    }
    return facts.build();
  }

  /** Payload keys a filter looks at, at any depth. */
  static void filterKeys(Message m, Set<String> out) {
    if (Protos.isType(m, "qdrant.FieldCondition") || Protos.isType(m, "qdrant.IsEmptyCondition")
        || Protos.isType(m, "qdrant.IsNullCondition") || Protos.isType(m, "qdrant.NestedCondition")) {
      out.addAll(Protos.strings(m, "key"));
    }
    for (Message child : Protos.children(m)) {
      filterKeys(child, out);
    }
  }

  static @Nullable Object fieldValue(Message m, String name) {
    FieldDescriptor f = Protos.field(m, name);
    return f == null || (f.hasPresence() && !m.hasField(f)) ? null : m.getField(f);
  }
}
