package dev.vectorguard.benchmarks;

import dev.vectorguard.GuardContext;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Milvus SDK's {@code MilvusClientV2.search} against the testkit's Milvus gRPC server (200
 * rows, 8-dimensional vectors, top 10, five VarChar output fields), without and with the guard
 * ({@link MilvusGuard}: decision, static token, the tenant filter added to the request's
 * expression, {@code email}, {@code ssn} and {@code card} masked on each result, both audit events
 * into the async hash-chained file). A third variant sends the same filter expression by hand, to
 * separate the server's cost of filtering from the guard's own. Set-up checks that guarded
 * results are masked and unguarded ones are not.
 */
@State(Scope.Thread)
public class MilvusOverheadBenchmark {
  static final String COLLECTION = "docs";
  static final int ROWS = 200;
  static final int DIMENSIONS = 8;
  private static final List<String> FIELDS = List.of("tenant_id", "email", "ssn", "card", "title");

  private MilvusTestServer server;
  private BenchGuard guard;
  private MilvusClientV2 plain;
  private MilvusClientV2 guarded;
  private SearchReq search;
  private SearchReq filteredSearch;

  @Setup(Level.Trial)
  public void setUp() throws IOException, PolicyValidationException {
    server = MilvusTestServer.start();
    server.createCollection(COLLECTION, DIMENSIONS, FIELDS);
    Random random = new Random(42);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("tenant_id", i % 2 == 0 ? SearchResponses.TENANT : "globex");
      row.put("email", "user" + i + "@example.com");
      row.put("ssn", String.format("%03d-%02d-%04d", i % 1000, i % 100, i));
      row.put("card", "4111 1111 1111 " + String.format("%04d", i));
      row.put("title", "document " + i + " about the quarterly report");
      row.put("vector", floats(random));
      rows.add(row);
    }
    server.insert(COLLECTION, rows);
    search = SearchReq.builder().collectionName(COLLECTION).annsField("vector")
        .data(List.of(new FloatVec(array(floats(random))))).limit(10).outputFields(FIELDS).build();
    filteredSearch = SearchReq.builder().collectionName(COLLECTION).annsField("vector")
        .data(search.getData()).limit(10).outputFields(FIELDS)
        .filter("tenant_id == \"" + SearchResponses.TENANT + "\"").build();
    guard = BenchGuard.milvus(COLLECTION);
    plain = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
    guarded = MilvusGuard.create(guard.guard()).wrap(new MilvusClientV2(ConnectConfig.builder().uri(server.uri())
        .build()));
    check(unguarded(), false);
    check(unguardedWithTenantFilter(), false);
    check(guarded(), true);
  }

  @Benchmark
  public SearchResp unguarded() {
    return plain.search(search);
  }

  /** The call an application would make to isolate tenants by hand: the same filter, no guard. */
  @Benchmark
  public SearchResp unguardedWithTenantFilter() {
    return plain.search(filteredSearch);
  }

  @Benchmark
  public SearchResp guarded() {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR)) {
      return guarded.search(search);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    guard.requireCompleteAudit();
    plain.close();
    guarded.close();
    guard.close();
    server.close();
  }

  private static void check(SearchResp response, boolean masked) {
    List<SearchResp.SearchResult> hits = response.getSearchResults().get(0);
    if (hits.size() != 10) {
      throw new IllegalStateException("expected 10 results, got " + hits.size());
    }
    String email = String.valueOf(hits.get(0).getEntity().get("email"));
    if (masked == email.contains("@")) {
      throw new IllegalStateException("email is " + (masked ? "not masked" : "masked") + ": " + email);
    }
  }

  private static List<Float> floats(Random random) {
    List<Float> v = new ArrayList<>(DIMENSIONS);
    for (int i = 0; i < DIMENSIONS; i++) {
      v.add(random.nextFloat());
    }
    return v;
  }

  private static float[] array(List<Float> v) {
    float[] a = new float[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i);
    }
    return a;
  }
}
