package dev.vectorguard.testkit;

import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.UpsertRequest;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code MilvusService} for the test server: connect, databases, collections (create, has,
 * describe, load state), insert, upsert, delete, query and brute-force cosine search.
 */
final class MilvusService {
  static final class Collection {
    final CollectionSchema schema;
    final Map<Object, Map<String, Object>> rows = new LinkedHashMap<>();
    /** The index created on each field, by field name. */
    final Map<String, io.milvus.grpc.CreateIndexRequest> indexes = new LinkedHashMap<>();
    long nextId = 1;

    Collection(CollectionSchema schema) {
      this.schema = schema;
    }

    FieldSchema pk() {
      return schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst()
          .orElseThrow(() -> new IllegalStateException("collection " + schema.getName() + " has no primary key"));
    }

    @Nullable FieldSchema field(String name) {
      return schema.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
    }

    /** Whether {@code name} is a schema field or struct array field (not a dynamic key). */
    boolean known(String name) {
      return field(name) != null || structNames().contains(name);
    }

    /**
     * The struct array fields; none with the protobuf classes of SDK 2.5.x, which have no struct
     * arrays. No lambda here or at a caller takes a struct array type: creating one would load it.
     */
    List<io.milvus.grpc.StructArrayFieldSchema> structs() {
      return STRUCT_ARRAYS ? schema.getStructArrayFieldsList() : List.of();
    }

    List<String> structNames() {
      List<String> names = new ArrayList<>();
      for (io.milvus.grpc.StructArrayFieldSchema s : structs()) {
        names.add(s.getName());
      }
      return names;
    }
  }

  /** Whether the SDK's protobuf classes know struct array fields (2.6 does, 2.5 does not). */
  static final boolean STRUCT_ARRAYS = hasStructArrays();

  private static boolean hasStructArrays() {
    try {
      CollectionSchema.class.getMethod("getStructArrayFieldsList");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  final Map<String, Collection> collections = new ConcurrentHashMap<>();
  /** Alias to collection name (one database); data calls accept either, as Milvus does. */
  final Map<String, String> aliases = new ConcurrentHashMap<>();
  final ResponseGate gate = new ResponseGate();

  @Nullable Collection find(String name) {
    return collections.get(aliases.getOrDefault(name, name));
  }

  public void createAlias(io.milvus.grpc.CreateAliasRequest request, StreamObserver<Status> response) {
    if (!collections.containsKey(request.getCollectionName())) {
      reply(response, error("collection not found[collection=" + request.getCollectionName() + "]"));
      return;
    }
    aliases.put(request.getAlias(), request.getCollectionName());
    reply(response, ok());
  }

  public void dropAlias(io.milvus.grpc.DropAliasRequest request, StreamObserver<Status> response) {
    aliases.remove(request.getAlias());
    reply(response, ok());
  }

  public void describeAlias(io.milvus.grpc.DescribeAliasRequest request,
      StreamObserver<io.milvus.grpc.DescribeAliasResponse> response) {
    String target = aliases.get(request.getAlias());
    reply(response, target == null
        ? io.milvus.grpc.DescribeAliasResponse.newBuilder().setStatus(error("alias not found: " + request.getAlias())).build()
        : io.milvus.grpc.DescribeAliasResponse.newBuilder().setStatus(ok()).setDbName("default")
            .setAlias(request.getAlias()).setCollection(target).build());
  }

  public void listAliases(io.milvus.grpc.ListAliasesRequest request,
      StreamObserver<io.milvus.grpc.ListAliasesResponse> response) {
    var out = io.milvus.grpc.ListAliasesResponse.newBuilder().setStatus(ok()).setDbName("default")
        .setCollectionName(request.getCollectionName());
    aliases.forEach((alias, target) -> {
      if (request.getCollectionName().isEmpty() || request.getCollectionName().equals(target)) {
        out.addAliases(alias);
      }
    });
    reply(response, out.build());
  }

  // The SDKs still read the deprecated error_code next to code.
  @SuppressWarnings("deprecation")
  private static Status ok() {
    return Status.newBuilder().setCode(0).setErrorCode(ErrorCode.Success).build();
  }

  @SuppressWarnings("deprecation")
  private static Status error(String reason) {
    return Status.newBuilder().setCode(100).setErrorCode(ErrorCode.UnexpectedError).setReason(reason).build();
  }

  private <T> void reply(StreamObserver<T> response, T value) {
    gate.run(() -> {
      response.onNext(value);
      response.onCompleted();
    });
  }

  public void connect(ConnectRequest request, StreamObserver<ConnectResponse> response) {
    reply(response, ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(42)
        .setServerInfo(ServerInfo.newBuilder().setBuildTags("vectorguard-testkit")).build());
  }

  /** Database names the SDK's {@code useDatabase}/{@code dbName} check finds; collections are not kept per database. */
  final java.util.Set<String> databases = new java.util.concurrent.ConcurrentSkipListSet<>(java.util.Set.of("default"));

  public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> response) {
    reply(response, ListDatabasesResponse.newBuilder().setStatus(ok()).addAllDbNames(databases).build());
  }

  public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> response) {
    reply(response, BoolResponse.newBuilder().setStatus(ok())
        .setValue(find(request.getCollectionName()) != null).build());
  }

  public void showCollections(io.milvus.grpc.ShowCollectionsRequest request,
      StreamObserver<io.milvus.grpc.ShowCollectionsResponse> response) {
    io.milvus.grpc.ShowCollectionsResponse.Builder out = io.milvus.grpc.ShowCollectionsResponse.newBuilder().setStatus(ok());
    long id = 1;
    for (String name : collections.keySet().stream().sorted().toList()) {
      if (request.getCollectionNamesCount() == 0 || request.getCollectionNamesList().contains(name)) {
        // Every collection is in memory: the v1 SDK's synchronous load polls for 100.
        out.addCollectionNames(name).addCollectionIds(id).addCreatedTimestamps(0).addCreatedUtcTimestamps(0)
            .addInMemoryPercentages(100).addQueryServiceAvailable(true);
      }
      id++;
    }
    reply(response, out.build());
  }

  public void createCollection(CreateCollectionRequest request, StreamObserver<Status> response) {
    try {
      CollectionSchema schema = CollectionSchema.parseFrom(request.getSchema());
      Collection previous = collections.putIfAbsent(request.getCollectionName(),
          new Collection(schema.toBuilder().setName(request.getCollectionName()).build()));
      reply(response, previous == null ? ok() : error("collection already exists: " + request.getCollectionName()));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      reply(response, error("bad schema: " + e.getMessage()));
    }
  }

  public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, DescribeCollectionResponse.newBuilder()
          .setStatus(error("collection not found[collection=" + request.getCollectionName() + "]")).build());
      return;
    }
    reply(response, DescribeCollectionResponse.newBuilder().setStatus(ok()).setSchema(c.schema)
        .setCollectionName(request.getCollectionName()).setDbName("default").setCollectionID(1).setShardsNum(1)
        .build());
  }

  public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> response) {
    reply(response, GetLoadStateResponse.newBuilder().setStatus(ok()).setState(
        find(request.getCollectionName()) != null ? LoadState.LoadStateLoaded : LoadState.LoadStateNotExist)
        .build());
  }

  /** Answers as Milvus does for a collection it has, without keeping indexes: searches stay brute force. */
  public void createIndex(io.milvus.grpc.CreateIndexRequest request, StreamObserver<Status> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, error("collection not found[collection=" + request.getCollectionName() + "]"));
      return;
    }
    synchronized (c) {
      c.indexes.put(request.getFieldName(), request);
    }
    reply(response, ok());
  }

  public void describeIndex(io.milvus.grpc.DescribeIndexRequest request,
      StreamObserver<io.milvus.grpc.DescribeIndexResponse> response) {
    Collection c = find(request.getCollectionName());
    var out = io.milvus.grpc.DescribeIndexResponse.newBuilder();
    if (c == null) {
      reply(response, out.setStatus(error("collection not found[collection=" + request.getCollectionName() + "]")).build());
      return;
    }
    synchronized (c) {
      c.indexes.forEach((field, index) -> {
        if (request.getFieldName().isEmpty() || request.getFieldName().equals(field)) {
          out.addIndexDescriptions(io.milvus.grpc.IndexDescription.newBuilder().setFieldName(field)
              .setIndexName(index.getIndexName().isEmpty() ? field : index.getIndexName())
              .addAllParams(index.getExtraParamsList()).setState(io.milvus.grpc.IndexState.Finished));
        }
      });
    }
    reply(response, out.getIndexDescriptionsCount() == 0
        ? out.setStatus(indexNotFound(request.getCollectionName())).build() : out.setStatus(ok()).build());
  }

  @SuppressWarnings("deprecation")
  private static Status indexNotFound(String collection) {
    return Status.newBuilder().setCode(700).setErrorCode(ErrorCode.IndexNotExist)
        .setReason("index not found[collection=" + collection + "]").build();
  }

  /** Data is always in memory here: loading (and releasing) a collection that exists succeeds at once. */
  public void loadCollection(io.milvus.grpc.LoadCollectionRequest request, StreamObserver<Status> response) {
    reply(response, find(request.getCollectionName()) != null ? ok()
        : error("collection not found[collection=" + request.getCollectionName() + "]"));
  }

  public void releaseCollection(io.milvus.grpc.ReleaseCollectionRequest request, StreamObserver<Status> response) {
    reply(response, ok());
  }

  public void getLoadingProgress(io.milvus.grpc.GetLoadingProgressRequest request,
      StreamObserver<io.milvus.grpc.GetLoadingProgressResponse> response) {
    reply(response, io.milvus.grpc.GetLoadingProgressResponse.newBuilder().setStatus(ok()).setProgress(100)
        .setRefreshProgress(100).build());
  }

  /** Writes are visible at once here, so a flush has nothing to seal. */
  public void flush(io.milvus.grpc.FlushRequest request, StreamObserver<io.milvus.grpc.FlushResponse> response) {
    var out = io.milvus.grpc.FlushResponse.newBuilder().setStatus(ok()).setDbName(request.getDbName());
    for (String name : request.getCollectionNamesList()) {
      out.putCollSegIDs(name, io.milvus.grpc.LongArray.getDefaultInstance());
      out.putFlushCollSegIDs(name, io.milvus.grpc.LongArray.getDefaultInstance());
      out.putCollSealTimes(name, 0L);
    }
    reply(response, out.build());
  }

  public void getFlushState(io.milvus.grpc.GetFlushStateRequest request,
      StreamObserver<io.milvus.grpc.GetFlushStateResponse> response) {
    reply(response, io.milvus.grpc.GetFlushStateResponse.newBuilder().setStatus(ok()).setFlushed(true).build());
  }

  public void dropCollection(io.milvus.grpc.DropCollectionRequest request, StreamObserver<Status> response) {
    reply(response, collections.remove(request.getCollectionName()) != null ? ok()
        : error("collection not found[collection=" + request.getCollectionName() + "]"));
  }

  public void insert(InsertRequest request, StreamObserver<MutationResult> response) {
    reply(response, write(request.getCollectionName(), request.getFieldsDataList(), false));
  }

  public void upsert(UpsertRequest request, StreamObserver<MutationResult> response) {
    reply(response, write(request.getCollectionName(), request.getFieldsDataList(), true));
  }

  private MutationResult write(String name, List<FieldData> columns, boolean upsert) {
    Collection c = find(name);
    if (c == null) {
      return MutationResult.newBuilder().setStatus(error("collection not found[collection=" + name + "]")).build();
    }
    synchronized (c) {
      Map<String, List<Object>> values = new LinkedHashMap<>();
      for (FieldData column : columns) {
        FieldSchema field = c.field(column.getFieldName());
        if (field == null && !column.getIsDynamic()) {
          return MutationResult.newBuilder().setStatus(error("field " + column.getFieldName()
              + " does not exist in collection " + name)).build();
        }
        // The SDK sends the dynamic column without a name.
        String key = column.getIsDynamic() ? MilvusColumnsCodec.META : column.getFieldName();
        values.put(key, MilvusColumnsCodec.read(column, field == null ? 0 : MilvusColumnsCodec.dim(field)));
      }
      int rows = values.values().stream().mapToInt(List::size).max().orElse(0);
      FieldSchema pk = c.pk();
      List<Object> ids = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> e : values.entrySet()) {
          row.put(e.getKey(), i < e.getValue().size() ? e.getValue().get(i) : null);
        }
        Object id = row.get(pk.getName());
        if (id == null) {
          id = c.nextId++;
          row.put(pk.getName(), id);
        }
        c.rows.put(id, row);
        ids.add(id);
      }
      MutationResult.Builder result = MutationResult.newBuilder().setStatus(ok()).setIDs(ids(pk, ids));
      return (upsert ? result.setUpsertCnt(rows) : result.setInsertCnt(rows)).build();
    }
  }

  public void delete(DeleteRequest request, StreamObserver<MutationResult> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, MutationResult.newBuilder().setStatus(error("collection not found")).build());
      return;
    }
    Predicate<Map<String, Object>> filter = MilvusExpr.parse(request.getExpr(), request.getExprTemplateValuesMap());
    long deleted;
    synchronized (c) {
      int before = c.rows.size();
      c.rows.values().removeIf(filter);
      deleted = before - c.rows.size();
    }
    reply(response, MutationResult.newBuilder().setStatus(ok()).setDeleteCnt(deleted).build());
  }

  public void query(QueryRequest request, StreamObserver<QueryResults> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, QueryResults.newBuilder().setStatus(error("collection not found")).build());
      return;
    }
    Predicate<Map<String, Object>> filter = MilvusExpr.parse(request.getExpr(), request.getExprTemplateValuesMap());
    long limit = param(request.getQueryParamsList(), "limit", Long.MAX_VALUE);
    List<Map<String, Object>> rows;
    synchronized (c) {
      rows = c.rows.values().stream().filter(filter).limit(limit).toList();
    }
    QueryResults.Builder out = QueryResults.newBuilder().setStatus(ok()).setCollectionName(c.schema.getName())
        .setPrimaryFieldName(c.pk().getName());
    out.addAllFieldsData(columns(c, request.getOutputFieldsList(), rows));
    out.addAllOutputFields(outputNames(c, request.getOutputFieldsList()));
    reply(response, out.build());
  }

  public void search(SearchRequest request, StreamObserver<SearchResults> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, SearchResults.newBuilder().setStatus(error("collection not found")).build());
      return;
    }
    long topk = param(request.getSearchParamsList(), "topk", 10);
    try {
      reply(response, results(c, rank(c, request, topk), topk, request.getOutputFieldsList()));
    } catch (IllegalArgumentException e) {
      reply(response, SearchResults.newBuilder().setStatus(error(e.getMessage())).build());
    }
  }

  private record Scored(Map<String, Object> row, float score) {}

  /** The best {@code topk} rows per query vector of a search, by cosine on its {@code anns_field}. */
  private static List<List<Scored>> rank(Collection c, SearchRequest request, long topk) {
    Predicate<Map<String, Object>> filter = MilvusExpr.parse(request.getDsl(), request.getExprTemplateValuesMap());
    String anns = request.getSearchParamsList().stream().filter(kv -> kv.getKey().equals("anns_field"))
        .map(KeyValuePair::getValue).findFirst().orElse("");
    FieldSchema vectorField = c.schema.getFieldsList().stream().filter(f -> f.getDataType() == DataType.FloatVector)
        .filter(f -> anns.isEmpty() || f.getName().equals(anns)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the Milvus test server searches float vector fields only"));
    List<List<Scored>> out = new ArrayList<>();
    synchronized (c) {
      for (List<Float> q : queries(request.getPlaceholderGroup())) {
        out.add(c.rows.values().stream().filter(filter).filter(r -> r.get(vectorField.getName()) != null)
            .map(r -> new Scored(r, (float) cosine(q, vector(r, vectorField))))
            .sorted(Comparator.comparingDouble(s -> -s.score())).limit(topk).toList());
      }
    }
    return out;
  }

  private static SearchResults results(Collection c, List<List<Scored>> perQuery, long topk, List<String> output) {
    SearchResultData.Builder data = SearchResultData.newBuilder().setNumQueries(perQuery.size()).setTopK(topk)
        .setPrimaryFieldName(c.pk().getName());
    List<Map<String, Object>> hits = new ArrayList<>();
    List<Object> ids = new ArrayList<>();
    for (List<Scored> ranked : perQuery) {
      data.addTopks(ranked.size());
      for (Scored s : ranked) {
        hits.add(s.row());
        data.addScores(s.score());
        ids.add(s.row().get(c.pk().getName()));
      }
    }
    data.setIds(ids(c.pk(), ids));
    data.addAllFieldsData(columns(c, output, hits));
    data.addAllOutputFields(outputNames(c, output));
    return SearchResults.newBuilder().setStatus(ok()).setResults(data).setCollectionName(c.schema.getName()).build();
  }

  /**
   * Several searches fused by reciprocal rank ({@code 1 / (60 + rank)} summed over the searches, as
   * Milvus's {@code RRFRanker} with its default {@code k}), the best {@code limit} of
   * {@code rank_params} returned for the first query vector.
   */
  public void hybridSearch(io.milvus.grpc.HybridSearchRequest request, StreamObserver<SearchResults> response) {
    Collection c = find(request.getCollectionName());
    if (c == null) {
      reply(response, SearchResults.newBuilder().setStatus(error("collection not found")).build());
      return;
    }
    long limit = param(request.getRankParamsList(), "limit", 10);
    Map<Object, Scored> fused = new LinkedHashMap<>();
    for (SearchRequest sub : request.getRequestsList()) {
      List<List<Scored>> ranked;
      try {
        ranked = rank(c, sub, param(sub.getSearchParamsList(), "topk", limit));
      } catch (IllegalArgumentException e) {
        reply(response, SearchResults.newBuilder().setStatus(error(e.getMessage())).build());
        return;
      }
      List<Scored> first = ranked.isEmpty() ? List.of() : ranked.get(0);
      for (int i = 0; i < first.size(); i++) {
        Map<String, Object> row = first.get(i).row();
        float score = 1f / (60 + i + 1);
        fused.merge(row.get(c.pk().getName()), new Scored(row, score),
            (a, b) -> new Scored(a.row(), a.score() + b.score()));
      }
    }
    List<Scored> best = fused.values().stream().sorted(Comparator.comparingDouble(s -> -s.score())).limit(limit)
        .toList();
    reply(response, results(c, List.of(best), limit, request.getOutputFieldsList()));
  }

  /** The columns Milvus returns for {@code requested}: the primary key, the fields named or {@code *}, $meta for other names. */
  private static List<FieldData> columns(Collection c, List<String> requested, List<Map<String, Object>> rows) {
    List<FieldData> columns = new ArrayList<>();
    boolean all = requested.contains("*");
    for (FieldSchema f : c.schema.getFieldsList()) {
      if (f.getIsPrimaryKey() || all || requested.contains(f.getName())) {
        columns.add(MilvusColumnsCodec.write(f, rows));
      }
    }
    for (io.milvus.grpc.StructArrayFieldSchema s : c.structs()) {
      if (all || requested.contains(s.getName())) {
        columns.add(MilvusColumnsCodec.writeStruct(s, rows));
      }
    }
    boolean dynamic = all || requested.stream().anyMatch(n -> !c.known(n));
    if (c.schema.getEnableDynamicField() && dynamic && c.schema.getFieldsList().stream().noneMatch(FieldSchema::getIsDynamic)) {
      columns.add(MilvusColumnsCodec.write(FieldSchema.newBuilder().setName(MilvusColumnsCodec.META)
          .setDataType(DataType.JSON).setIsDynamic(true).build(), rows));
    }
    return columns;
  }

  /** As Milvus does: the schema fields returned, then the dynamic keys asked for by name. */
  private static List<String> outputNames(Collection c, List<String> requested) {
    List<String> names = new ArrayList<>();
    boolean all = requested.contains("*");
    c.schema.getFieldsList().stream().filter(f -> !f.getIsDynamic())
        .filter(f -> f.getIsPrimaryKey() || all || requested.contains(f.getName())).forEach(f -> names.add(f.getName()));
    c.structNames().stream().filter(s -> all || requested.contains(s)).forEach(names::add);
    requested.stream().filter(n -> !n.equals("*") && !c.known(n) && !names.contains(n)).forEach(names::add);
    return names;
  }

  @SuppressWarnings("unchecked")
  private static List<Float> vector(Map<String, Object> row, FieldSchema field) {
    return (List<Float>) row.get(field.getName());
  }

  private static List<List<Float>> queries(com.google.protobuf.ByteString group) {
    try {
      List<List<Float>> out = new ArrayList<>();
      for (var placeholder : PlaceholderGroup.parseFrom(group).getPlaceholdersList()) {
        for (var bytes : placeholder.getValuesList()) {
          ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          List<Float> v = new ArrayList<>();
          while (buffer.remaining() >= 4) {
            v.add(buffer.getFloat());
          }
          out.add(v);
        }
      }
      return out;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("bad placeholder group", e);
    }
  }

  private static double cosine(List<Float> a, List<Float> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      dot += a.get(i) * b.get(i);
      na += a.get(i) * a.get(i);
      nb += b.get(i) * b.get(i);
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Primary keys as Milvus returns them: {@code str_id} for a VarChar key, else {@code int_id}. */
  private static IDs ids(FieldSchema pk, List<Object> ids) {
    if (pk.getDataType() == DataType.VarChar) {
      return IDs.newBuilder().setStrId(strings(ids.stream().map(String::valueOf).toList())).build();
    }
    return IDs.newBuilder().setIntId(LongArray.newBuilder()
        .addAllData(ids.stream().map(id -> ((Number) id).longValue()).toList())).build();
  }

  private static long param(List<KeyValuePair> params, String key, long fallback) {
    return params.stream().filter(kv -> kv.getKey().equals(key)).map(kv -> Long.parseLong(kv.getValue().trim()))
        .findFirst().orElse(fallback);
  }

  static StringArray strings(List<String> values) {
    return StringArray.newBuilder().addAllData(values).build();
  }
}
