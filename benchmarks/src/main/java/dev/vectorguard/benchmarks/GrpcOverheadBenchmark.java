package dev.vectorguard.benchmarks;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.vectorguard.GuardContext;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.testkit.QdrantTestServer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue item 2: the official Qdrant client's {@code searchAsync(...).get()} against the testkit's
 * in-process Qdrant server (200 points of about 1 KB payload, 8-dimensional vectors, top 10), without
 * and with the guard: decision, Qdrant JWT from the cache, tenant filter added to the request, three
 * payload fields masked on each of the 10 results, and both audit events written to the async
 * hash-chained file. Set-up checks that the guarded results are really masked. A third variant
 * sends the tenant filter by hand without the guard, to separate the server's cost of filtering
 * from the guard's own.
 */
@State(Scope.Thread)
public class GrpcOverheadBenchmark {
  static final String COLLECTION = "docs";
  static final int POINTS = 200;
  static final int DIMENSIONS = 8;

  private QdrantTestServer server;
  private BenchGuard guard;
  private QdrantClient plain;
  private QdrantClient guarded;
  private SearchPoints search;
  private SearchPoints filteredSearch;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = QdrantTestServer.start();
    server.createCollection(COLLECTION, Distance.Cosine);
    Random random = new Random(42);
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      points.add(PointStruct.newBuilder().setId(id(i)).setVectors(vectors(vector(random)))
          .putAllPayload(values(SearchResponses.payload(i, random))).build());
    }
    server.upsert(COLLECTION, points);
    search = SearchPoints.newBuilder().setCollectionName(COLLECTION).addAllVector(floats(vector(random)))
        .setLimit(10).setWithPayload(enable(true)).build();
    filteredSearch = search.toBuilder()
        .setFilter(Filter.newBuilder().addMust(matchKeyword("tenant_id", SearchResponses.TENANT))).build();
    guard = BenchGuard.qdrant(COLLECTION);
    plain = new QdrantClient(QdrantGrpcClient.newBuilder(server.newChannel(), true, false).build());
    guarded = new QdrantClient(QdrantGrpcClient.newBuilder(
        VectorGuardGrpc.create(guard.guard()).guardedChannel(server.newChannel()), true, false).build());
    check(unguarded(), false);
    check(unguardedWithTenantFilter(), false);
    check(guarded(), true);
  }

  @Benchmark
  public List<ScoredPoint> unguarded() throws InterruptedException, ExecutionException {
    return plain.searchAsync(search).get();
  }

  /** The call an application would make to isolate tenants by hand: the same filter, no guard. */
  @Benchmark
  public List<ScoredPoint> unguardedWithTenantFilter() throws InterruptedException, ExecutionException {
    return plain.searchAsync(filteredSearch).get();
  }

  @Benchmark
  public List<ScoredPoint> guarded() throws InterruptedException, ExecutionException {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR)) {
      return guarded.searchAsync(search).get();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    guard.requireCompleteAudit();
    plain.close();
    guarded.close();
    guard.close();
    server.close();
  }

  private static void check(List<ScoredPoint> hits, boolean masked) {
    if (hits.size() != 10) {
      throw new IllegalStateException("expected 10 results, got " + hits.size());
    }
    String email = hits.get(0).getPayloadMap().get("email").getStringValue();
    if (masked == email.contains("@")) {
      throw new IllegalStateException("email is " + (masked ? "not masked" : "masked") + ": " + email);
    }
  }

  private static float[] vector(Random random) {
    float[] v = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] = random.nextFloat();
    }
    return v;
  }

  private static List<Float> floats(float[] v) {
    List<Float> list = new ArrayList<>(v.length);
    for (float f : v) {
      list.add(f);
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Value> values(Map<String, Object> payload) {
    Map<String, Value> values = new LinkedHashMap<>();
    payload.forEach((k, v) -> values.put(k, value(v)));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Value value(Object v) {
    if (v instanceof Map<?, ?> map) {
      return ValueFactory.value(values((Map<String, Object>) map));
    }
    if (v instanceof List<?> list) {
      return ValueFactory.list(list.stream().map(GrpcOverheadBenchmark::value).toList());
    }
    if (v instanceof Long n) {
      return ValueFactory.value(n);
    }
    if (v instanceof Integer n) {
      return ValueFactory.value((long) n);
    }
    return ValueFactory.value(String.valueOf(v));
  }
}
