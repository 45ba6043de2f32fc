package dev.vectorguard.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.resttest.ChromaFixture;
import dev.vectorguard.resttest.ChromaServer;
import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under {@code vectors: strip}, Chroma returns no embeddings: a real Chroma server is asked for
 * none ({@code include} without {@code embeddings}, as the {@code include} it echoes shows) in get
 * (flat) and query (nested per query) responses. The shapes a local Chroma cannot produce (search,
 * which only distributed Chroma executes; sparse vectors in metadata, "not supported for local
 * chroma") are served by MockWebServer in the OpenAPI's shapes, to show the response side: search
 * {@code embeddings} nested per search, {@code select} keys, sparse vector metadata values.
 */
class ChromaVectorStripTest {
  @RegisterExtension
  static final ChromaServer CHROMA = new ChromaServer();

  private static final String POLICY = Harness.readsWithVectorsStripped("docs") + """
        - id: setup
          collections: [docs]
          operations: [create_collection, upsert]
          effect: allow
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");
  private static final String ID = "9d2c56a1-7a8e-4c64-9a43-3f2b1ad0e0d1";

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static JsonNode call(OkHttpClient client, String method, String url, String body) throws IOException {
    Request request = new Request.Builder().url(url).method(method, body == null ? null : RequestBody.create(body, TYPE))
        .build();
    try (Response response = client.newCall(request).execute()) {
      String text = response.body().string();
      assertThat(response.code()).as("%s %s: %s", method, url, text).isBetween(200, 299);
      return JSON.readTree(text);
    }
  }

  private long vectorsStripped() {
    List<AuditEvent> completed = audit.ofType(AuditEvent.CALL_COMPLETED);
    return (Long) completed.get(completed.size() - 1).get("masked.vectors_stripped");
  }

  @Test
  void aRealChromaIsAskedForNoEmbeddingsInGetsAndQueries() throws Exception {
    ChromaServer.Database db = CHROMA.database();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "chroma.yaml"))
        .workload(Workload.configured("spiffe://test.local/sa/kb"))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, "chroma-token", null, null))
        .auditSink(audit).build();
    OkHttpClient client = VectorGuardOkHttp.builder(guard).backend(HttpUrl.get(db.url() + "/"), Backend.CHROMA).build()
        .wrap(new OkHttpClient());
    String id = call(client, "POST", db.base() + "/collections", "{\"name\":\"docs\"}").get("id").asText();
    String docs = db.base() + "/collections/" + id;
    call(client, "POST", docs + "/add", "{\"ids\":[\"a\",\"b\"],\"embeddings\":[[1,0,0],[0,1,0]],"
        + "\"metadatas\":[{\"lang\":\"en\",\"weights\":[0.5,0.25]},{\"lang\":\"de\"}],\"documents\":[\"alpha\",\"beta\"]}");

    JsonNode got = call(client, "POST", docs + "/get", "{\"include\":[\"embeddings\",\"metadatas\"]}");
    assertThat(got.get("include")).as("what the server was asked for").isEqualTo(JSON.readTree("[\"metadatas\"]"));
    assertThat(got.has("embeddings")).isFalse();
    assertThat(got.get("metadatas").get(0).get("weights")).as("a float list is metadata, not a vector")
        .isEqualTo(JSON.readTree("[0.5,0.25]"));
    assertThat(vectorsStripped()).isZero();

    JsonNode queried = call(client, "POST", docs + "/query", "{\"query_embeddings\":[[1,0,0],[0,1,0]],\"n_results\":2,"
        + "\"include\":[\"embeddings\",\"metadatas\",\"distances\"]}");
    assertThat(queried.get("include")).isEqualTo(JSON.readTree("[\"metadatas\",\"distances\"]"));
    assertThat(queried.has("embeddings")).isFalse();
    assertThat(queried.get("ids")).hasSize(2);
    assertThat(vectorsStripped()).isZero();

    JsonNode onlyEmbeddings = call(client, "POST", docs + "/get", "{\"include\":[\"embeddings\"]}");
    assertThat(onlyEmbeddings.get("include")).isEmpty();
    assertThat(onlyEmbeddings.get("ids")).hasSize(2);
  }

  private String learnCollection() throws Exception {
    h = new Harness(Backend.CHROMA, POLICY);
    h.enqueue(200, "{\"id\":\"" + ID + "\",\"name\":\"docs\",\"tenant\":\"t\",\"database\":\"d\",\"configuration_json\":{},"
        + "\"log_position\":0,\"version\":0}");
    h.call("GET", "/api/v2/tenants/t/databases/d/collections/docs", null);
    h.taken();
    return "/api/v2/tenants/t/databases/d/collections/" + ID;
  }

  private static final String SPARSE = "{\"#type\":\"sparse_vector\",\"indices\":[1,7],\"values\":[0.5,0.25]}";

  /** Responses as the OpenAPI of Chroma 1.x gives them, with embeddings and sparse vector metadata. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      get    | {"ids":["a","b"],"embeddings":[[1,0],[0,1]],"documents":null,"uris":null,"metadatas":[{"lang":"en","sp":S},{"sp":S,"old":{"indices":[2],"values":[1]}}],"include":["embeddings","metadatas"]} | 5
      query  | {"ids":[["a"],["b","a"]],"embeddings":[[[1,0]],[[0,1],[1,0]]],"metadatas":[[{"sp":S}],[{"lang":"de"},null]],"distances":[[0.1],[0.2,0.3]],"include":["embeddings","metadatas","distances"]} | 4
      search | {"ids":[["a","b"],["b"]],"documents":[null,null],"embeddings":[[[1,0],null],null],"metadatas":[[{"sp":S},{"lang":"en"}],null],"scores":[[0.9,0.8],[0.7]],"select":[["#embedding","#metadata"],["#score"]]} | 2
      """)
  void embeddingsAndSparseVectorMetadataTheServerReturnsAreStripped(String endpoint, String response, long vectors)
      throws Exception {
    String base = learnCollection();
    h.enqueue(200, response.replace("S", SPARSE));
    String request = switch (endpoint) {
      case "get" -> "{\"include\":[\"embeddings\",\"metadatas\"]}";
      case "query" -> "{\"query_embeddings\":[[1,0],[0,1]],\"include\":[\"embeddings\",\"metadatas\"]}";
      default -> "{\"searches\":[{\"rank\":{\"$knn\":{\"query\":[1,0]}},\"select\":{\"keys\":[\"#embedding\","
          + "\"#metadata\"]}},{\"rank\":{\"$knn\":{\"query\":[0,1]}},\"select\":{\"keys\":[\"#score\"]}}]}";
    };

    JsonNode body = JSON.readTree(h.call("POST", base + "/" + endpoint, request));

    assertThat(body.has("embeddings")).isFalse();
    assertThat(body.findValues("sp")).isEmpty();
    assertThat(body.findValues("old")).isEmpty();
    assertThat(body.findValues("lang")).isNotEmpty();
    assertThat(h.events(AuditEvent.CALL_COMPLETED).get(1).get("masked.vectors_stripped")).isEqualTo(vectors);
    JsonNode sent = JSON.readTree(Harness.body(h.taken()));
    assertThat(sent.findValues("include")).allSatisfy(include -> assertThat(include.toString()).doesNotContain("embeddings"));
    assertThat(sent.findValues("keys")).allSatisfy(keys -> assertThat(keys.toString()).doesNotContain("#embedding"));
  }

  @Test
  void aSearchSelectingEmbeddingsAsksForThemNoMoreAndTheAuditSaysItAsked() throws Exception {
    String base = learnCollection();
    h.enqueue(200, "{\"ids\":[[]],\"documents\":[null],\"embeddings\":[null],\"metadatas\":[null],\"scores\":[null],"
        + "\"select\":[[\"#document\"]]}");

    h.call("POST", base + "/search", "{\"searches\":[{\"rank\":{\"$knn\":{\"query\":[1,0]}},\"select\":{\"keys\":"
        + "[\"#document\",\"#embedding\",\"title\"]},\"limit\":{\"limit\":3}}]}");

    assertThat(JSON.readTree(Harness.body(h.taken())).get("searches").get(0).get("select"))
        .isEqualTo(JSON.readTree("{\"keys\":[\"#document\",\"title\"]}"));
    assertThat(h.events(AuditEvent.CALL_STARTED).get(1).get("facts.vectors_requested")).isEqualTo(true);
  }
}
