package dev.vectorguard.okhttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Actor;
import dev.vectorguard.resttest.ChromaFixture;
import dev.vectorguard.resttest.ChromaServer;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.testing.GuardBehaviourSuite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The behaviour suite through OkHttp against a real Chroma server. */
class OkHttpChromaBehaviourTest extends GuardBehaviourSuite {
  @RegisterExtension
  static final ChromaServer CHROMA = new ChromaServer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");
  private ChromaServer.Database db;

  @Override
  protected GuardBehaviourSuite.GuardedBackend connect(VectorGuard guard) throws Exception {
    db = CHROMA.database();
    // Seeded without the guard, as the application's data already is.
    for (String collection : List.of(DOCS, SECRET)) {
      String id = JSON.readTree(ChromaServer.post(db.base() + "/collections", "{\"name\":\"" + collection + "\"}"))
          .get("id").asText();
      ChromaFixture.add(db, id, RECORDS);
    }
    AtomicInteger sent = new AtomicInteger();
    List<String> credentials = new CopyOnWriteArrayList<>();
    OkHttpClient counting = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      sent.incrementAndGet();
      credentials.clear();
      String authorization = chain.request().header("Authorization");
      if (authorization != null) {
        credentials.add(authorization.replaceFirst("^Bearer ", ""));
      }
      return chain.proceed(chain.request());
    }).build();
    OkHttpClient client = VectorGuardOkHttp.builder(guard).backend(HttpUrl.get(db.url() + "/"), Backend.CHROMA).build()
        .wrap(counting);
    ChromaBackend backend = new ChromaBackend(client, sent, credentials);
    // Look the readable collection up once, as an application holding a collection object does;
    // its audit records are not part of the behaviour under test.
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      backend.collectionId(DOCS);
    }
    audit.clear();
    return backend;
  }

  private final class ChromaBackend implements GuardBehaviourSuite.GuardedBackend {
    private final OkHttpClient client;
    private final AtomicInteger sent;
    private final List<String> credentials;

    ChromaBackend(OkHttpClient client, AtomicInteger sent, List<String> credentials) {
      this.client = client;
      this.sent = sent;
      this.credentials = credentials;
    }

    private JsonNode call(String method, String url, @Nullable String body) throws IOException {
      Request request = new Request.Builder().url(url)
          .header("Authorization", "Bearer the-applications-own-token")
          .method(method, body == null ? null : RequestBody.create(body, TYPE)).build();
      try (Response response = client.newCall(request).execute()) {
        String text = response.body().string();
        if (!response.isSuccessful()) {
          throw new IOException(method + " " + url + " -> " + response.code() + " " + text);
        }
        return JSON.readTree(text);
      }
    }

    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    String collectionId(String collection) throws IOException {
      String id = ids.get(collection);
      if (id == null) {
        id = call("GET", db.base() + "/collections/" + collection, null).get("id").asText();
        ids.put(collection, id);
      }
      return id;
    }

    @Override
    public List<Hit> search(String collection, @Nullable Actor actor) throws Exception {
      try (GuardContext.Scope s = actor == null ? null : GuardContext.actAs(actor)) {
        JsonNode result = call("POST", db.base() + "/collections/" + collectionId(collection) + "/query",
            "{\"query_embeddings\":[[1,0,0,0]],\"n_results\":10,"
                + "\"include\":[\"metadatas\",\"documents\",\"embeddings\",\"distances\"]}");
        List<Hit> hits = new ArrayList<>();
        JsonNode embeddings = result.path("embeddings").path(0);
        for (int i = 0; i < result.get("ids").get(0).size(); i++) {
          @SuppressWarnings("unchecked")
          Map<String, Object> payload = JSON.convertValue(result.get("metadatas").get(0).get(i), Map.class);
          JsonNode vector = embeddings.path(i);
          hits.add(new Hit(result.get("ids").get(0).get(i).asText(), payload,
              vector.isArray() ? JSON.convertValue(vector, JSON.getTypeFactory()
                  .constructCollectionType(List.class, Float.class)) : null));
        }
        return hits;
      }
    }

    @Override
    public void delete(String collection, String id, @Nullable Actor actor) throws Exception {
      try (GuardContext.Scope s = actor == null ? null : GuardContext.actAs(actor)) {
        call("POST", db.base() + "/collections/" + collectionId(collection) + "/delete", "{\"ids\":[\"" + id + "\"]}");
      }
    }

    @Override
    public boolean isRefusal(Throwable error) {
      return error instanceof VectorGuardRefusedIOException;
    }

    @Override
    public int backendCalls() {
      return sent.get();
    }

    @Override
    public List<String> lastCredentials() {
      return List.copyOf(credentials);
    }

    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
    }
  }
}
