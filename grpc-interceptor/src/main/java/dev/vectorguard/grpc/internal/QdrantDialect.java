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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Qdrant's public gRPC API ({@code qdrant.Points}, {@code qdrant.Collections},
 * {@code qdrant.Snapshots}, {@code qdrant.Qdrant}, {@code qdrant.StorageRead},
 * {@code grpc.health.v1.Health}) read by descriptor.
 *
 * <p>Every method is classified at least as strictly as Qdrant's JWT RBAC: point reads
 * {@code read}, point writes {@code write}, payload-index and named-vector changes, collection
 * lifecycle, aliases and collection snapshots {@code manage}, full snapshots and cluster setup
 * {@code admin}. {@code qdrant.StorageRead} returns raw shard files past every mask, so it is
 * {@code unknown} (admin): refused unless a policy names it. A call's collections are its
 * {@code collection_name} at any depth (batch items, {@code lookup_from}, prefetches), the
 * {@code with_lookup} collection and alias names.
 */
public final class QdrantDialect implements GrpcDialect {
  /** The dialect; stateless. */
  public static final QdrantDialect INSTANCE = new QdrantDialect();

  private record Spec(Operation operation, AccessLevel access) {}

  private static final Map<String, Spec> METHODS = new HashMap<>();

  static {
    for (String m : List.of("Search", "SearchBatch", "SearchGroups", "SearchMatrixPairs", "SearchMatrixOffsets")) {
      points(m, SEARCH, AccessLevel.READ);
    }
    for (String m : List.of("Recommend", "RecommendBatch", "RecommendGroups")) {
      points(m, RECOMMEND, AccessLevel.READ);
    }
    points("Discover", DISCOVER, AccessLevel.READ);
    points("DiscoverBatch", DISCOVER, AccessLevel.READ);
    for (String m : List.of("Query", "QueryBatch", "QueryGroups")) {
      points(m, QUERY, AccessLevel.READ);
    }
    points("Scroll", SCROLL, AccessLevel.READ);
    points("Get", GET, AccessLevel.READ);
    points("Count", COUNT, AccessLevel.READ);
    points("Facet", FACET, AccessLevel.READ);
    points("Upsert", UPSERT, AccessLevel.WRITE);
    points("Delete", DELETE, AccessLevel.WRITE);
    for (String m : List.of("UpdateVectors", "DeleteVectors", "SetPayload", "OverwritePayload", "DeletePayload",
        "ClearPayload", "UpdateBatch")) {
      points(m, UPDATE, AccessLevel.WRITE);
    }
    points("CreateFieldIndex", CREATE_INDEX, AccessLevel.MANAGE);
    points("DeleteFieldIndex", DROP_INDEX, AccessLevel.MANAGE);
    points("CreateVectorName", ALTER_COLLECTION, AccessLevel.MANAGE);
    points("DeleteVectorName", ALTER_COLLECTION, AccessLevel.MANAGE);

    collections("Get", DESCRIBE_COLLECTION, AccessLevel.READ);
    collections("CollectionExists", DESCRIBE_COLLECTION, AccessLevel.READ);
    collections("ListShardKeys", DESCRIBE_COLLECTION, AccessLevel.READ);
    collections("List", LIST_COLLECTIONS, AccessLevel.READ);
    collections("ListCollectionAliases", LIST_ALIASES, AccessLevel.READ);
    collections("ListAliases", LIST_ALIASES, AccessLevel.READ);
    collections("Create", CREATE_COLLECTION, AccessLevel.MANAGE);
    collections("Update", ALTER_COLLECTION, AccessLevel.MANAGE);
    collections("Delete", DROP_COLLECTION, AccessLevel.MANAGE);
    collections("CreateShardKey", ALTER_COLLECTION, AccessLevel.MANAGE);
    collections("DeleteShardKey", ALTER_COLLECTION, AccessLevel.MANAGE);
    collections("UpdateAliases", ALIAS, AccessLevel.MANAGE);
    collections("CollectionClusterInfo", CLUSTER, AccessLevel.ADMIN);
    collections("UpdateCollectionClusterSetup", CLUSTER, AccessLevel.ADMIN);

    // Collection snapshots download raw data past every mask: manage at least; full ones are admin.
    for (String m : List.of("Create", "List", "Delete")) {
      METHODS.put("qdrant.Snapshots/" + m, new Spec(SNAPSHOT, AccessLevel.MANAGE));
    }
    for (String m : List.of("CreateFull", "ListFull", "DeleteFull")) {
      METHODS.put("qdrant.Snapshots/" + m, new Spec(SNAPSHOT, AccessLevel.ADMIN));
    }
    METHODS.put("qdrant.Qdrant/HealthCheck", new Spec(HEALTH, AccessLevel.NONE));
    METHODS.put("grpc.health.v1.Health/Check", new Spec(HEALTH, AccessLevel.NONE));
  }

  private static void points(String method, Operation op, AccessLevel access) {
    METHODS.put("qdrant.Points/" + method, new Spec(op, access));
  }

  private static void collections(String method, Operation op, AccessLevel access) {
    METHODS.put("qdrant.Collections/" + method, new Spec(op, access));
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
    Spec spec = METHODS.getOrDefault(fullMethodName, new Spec(UNKNOWN, AccessLevel.ADMIN));
    Set<String> collections = new LinkedHashSet<>();
    collectCollections(request, collections, 0);
    VectorCall.Builder call = VectorCall.builder(Backend.QDRANT, spec.operation())
        .access(spec.access())
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
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
        continue;
      }
      if (f.isRepeated()) {
        for (Object element : (List<?>) e.getValue()) {
          collectCollections((Message) element, out, depth + 1);
        }
      } else {
        collectCollections((Message) e.getValue(), out, depth + 1);
      }
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
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE || e.getKey().isMapField()) {
        continue;
      }
      if (e.getKey().isRepeated()) {
        for (Object element : (List<?>) e.getValue()) {
          filterKeys((Message) element, out);
        }
      } else {
        filterKeys((Message) e.getValue(), out);
      }
    }
  }

  static @Nullable Object fieldValue(Message m, String name) {
    FieldDescriptor f = Protos.field(m, name);
    return f == null || (f.hasPresence() && !m.hasField(f)) ? null : m.getField(f);
  }
}
