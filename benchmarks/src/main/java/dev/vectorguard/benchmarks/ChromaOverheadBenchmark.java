package dev.vectorguard.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue item 3, second half: a Chroma v2 query (k = 10, metadatas and documents included) through
 * OkHttp against the real Chroma server on loopback, without and with the guard (decision, bearer
 * token, tenant filter written into {@code where}, three metadata fields masked, async audit). The
 * server is the one {@code benchmarks/run.sh} starts ({@code CHROMA_URL}); each trial works in a
 * database of its own and deletes it afterwards. A third variant sends the tenant filter by hand
 * without the guard: Chroma answers filtered queries markedly slower, and that cost belongs to
 * tenant isolation, not to the guard.
 */
@State(Scope.Thread)
public class ChromaOverheadBenchmark {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final int RECORDS = 200;
  static final int DIMENSIONS = 8;

  private BenchGuard guard;
  private OkHttpClient plain;
  private OkHttpClient guarded;
  private String databaseUrl;
  private Request query;
  private Request filteredQuery;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url = System.getenv("CHROMA_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("CHROMA_URL is not set: start the server with scripts/chroma-server.sh start"
          + " (benchmarks/run.sh does) and export the URL it prints");
    }
    url = url.replaceAll("/+$", "");
    plain = new OkHttpClient();
    String database = "bench_" + UUID.randomUUID().toString().replace("-", "");
    post(plain, url + "/api/v2/tenants/default_tenant/databases", "{\"name\":\"" + database + "\"}");
    databaseUrl = url + "/api/v2/tenants/default_tenant/databases/" + database;
    String id = MAPPER.readTree(post(plain, databaseUrl + "/collections",
        "{\"name\":\"docs\",\"configuration\":{\"hnsw\":{\"space\":\"cosine\"}}}")).path("id").asText();
    post(plain, databaseUrl + "/collections/" + id + "/add", records());

    guard = BenchGuard.chroma("docs");
    guarded = VectorGuardOkHttp.builder(guard.guard()).backend(HttpUrl.get(url + "/"), Backend.CHROMA).build()
        .wrap(plain);
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR);
        Response response = guarded.newCall(new Request.Builder().url(databaseUrl + "/collections/docs").build())
            .execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("the guarded client could not look the collection up: " + response.code()
            + " " + response.body().string());
      }
    }
    String body = "{\"query_embeddings\":[[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]],\"n_results\":10,"
        + "\"include\":[\"metadatas\",\"documents\",\"distances\"]}";
    query = new Request.Builder().url(databaseUrl + "/collections/" + id + "/query")
        .post(RequestBody.create(body, OkHttpOverheadBenchmark.JSON)).build();
    String filtered = body.substring(0, body.length() - 1) + ",\"where\":{\"tenant_id\":{\"$eq\":\"" + SearchResponses.TENANT
        + "\"}}}";
    filteredQuery = query.newBuilder().post(RequestBody.create(filtered, OkHttpOverheadBenchmark.JSON)).build();
    OkHttpOverheadBenchmark.check(unguarded(), false);
    OkHttpOverheadBenchmark.check(unguardedWithTenantFilter(), false);
    OkHttpOverheadBenchmark.check(guarded(), true);
  }

  @Benchmark
  public byte[] unguarded() throws IOException {
    try (Response response = plain.newCall(query).execute()) {
      return response.body().bytes();
    }
  }

  /** The query an application would send to isolate tenants by hand: the same {@code where}, no guard. */
  @Benchmark
  public byte[] unguardedWithTenantFilter() throws IOException {
    try (Response response = plain.newCall(filteredQuery).execute()) {
      return response.body().bytes();
    }
  }

  @Benchmark
  public byte[] guarded() throws IOException {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR);
        Response response = guarded.newCall(query).execute()) {
      return response.body().bytes();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long failures = guard.auditFailures();
    guard.close();
    plain.newCall(new Request.Builder().url(databaseUrl).delete().build()).execute().close();
    if (failures > 0) {
      throw new IllegalStateException(failures + " audit events were not accepted");
    }
  }

  private static String records() {
    Random random = new Random(42);
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode ids = body.putArray("ids");
    ArrayNode embeddings = body.putArray("embeddings");
    ArrayNode metadatas = body.putArray("metadatas");
    ArrayNode documents = body.putArray("documents");
    for (int i = 0; i < RECORDS; i++) {
      ids.add("r" + i);
      ArrayNode vector = embeddings.addArray();
      for (int d = 0; d < DIMENSIONS; d++) {
        vector.add(random.nextFloat());
      }
      metadatas.add(MAPPER.valueToTree(SearchResponses.chromaMetadata(i, random)));
      documents.add("Quarterly report section " + i + ": revenue grew, costs fell, the renewal is on track.");
    }
    return body.toString();
  }

  private static String post(OkHttpClient client, String url, String json) throws IOException {
    Request request = new Request.Builder().url(url).post(RequestBody.create(json, OkHttpOverheadBenchmark.JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      String body = new String(response.body().bytes(), StandardCharsets.UTF_8);
      if (!response.isSuccessful()) {
        throw new IOException("POST " + url + " -> " + response.code() + " " + body);
      }
      return body;
    }
  }
}
