package dev.vectorguard.grpc;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.testing.GuardBehaviourSuite;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The shared behaviour suite through the Milvus Java SDK (V2 client, shaded gRPC), guarded by
 * {@link MilvusGuard}. The SDK is configured without credentials of its own, as MilvusGuard
 * recommends, so the guard's is the only one sent.
 */
class GrpcMilvusBehaviourTest extends GuardBehaviourSuite {

  @Override
  protected GuardedBackend connect(VectorGuard guard) {
    MilvusTestServer server = MilvusTestServer.start();
    for (String collection : List.of(DOCS, SECRET)) {
      server.createCollection(collection, 4, List.of("tenant", "email", "text"));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < RECORDS.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>(RECORDS.get(i).payload());
        row.put("id", (long) i + 1);
        row.put("vector", RECORDS.get(i).vector());
        rows.add(row);
      }
      server.insert(collection, rows);
    }
    MilvusClientV2 client = MilvusGuard.create(guard)
        .wrap(new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build()));
    server.clearCalls();
    return new GuardedBackend() {
      @Override
      public List<Hit> search(String collection, @Nullable Actor actor) throws Exception {
        SearchReq search = SearchReq.builder().collectionName(collection).annsField("vector")
            .data(List.of(new FloatVec(new float[] {1f, 0f, 0f, 0f}))).limit(10)
            .outputFields(List.of("tenant", "email", "text", "vector")).build();
        SearchResp resp = as(actor, () -> client.search(search));
        List<Hit> hits = new ArrayList<>();
        for (SearchResp.SearchResult r : resp.getSearchResults().get(0)) {
          Map<String, Object> payload = new LinkedHashMap<>(r.getEntity());
          @SuppressWarnings("unchecked")
          List<Float> vector = (List<Float>) payload.remove("vector");
          payload.remove("id");
          hits.add(new Hit(RECORDS.get((int) (long) (Long) r.getId() - 1).id(), payload, vector));
        }
        return hits;
      }

      @Override
      public void delete(String collection, String recordId, @Nullable Actor actor) throws Exception {
        long num = RECORDS.indexOf(RECORDS.stream().filter(s -> s.id().equals(recordId)).findFirst().orElseThrow()) + 1;
        as(actor, () -> client.delete(DeleteReq.builder().collectionName(collection).filter("id == " + num).build()));
      }

      @Override
      public boolean isRefusal(Throwable error) {
        return error instanceof MilvusClientException && error.getMessage() != null
            && error.getMessage().contains("PERMISSION_DENIED") && error.getMessage().contains("Vectorguard refused");
      }

      @Override
      public int backendCalls() {
        return server.calls().size();
      }

      @Override
      public List<String> lastCredentials() {
        List<String> decoded = new ArrayList<>();
        for (String value : server.lastCall().headerValues("authorization")) {
          decoded.add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        }
        return decoded;
      }

      @Override
      public void close() {
        client.close();
        server.close();
      }
    };
  }

  private static <T> T as(@Nullable Actor actor, Callable<T> body) throws Exception {
    if (actor == null) {
      return body.call();
    }
    try (GuardContext.Scope scope = GuardContext.actAs(actor)) {
      return body.call();
    }
  }
}
