package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.testing.GuardBehaviourSuite;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** The shared behaviour suite through the official Qdrant client, guarded by the gRPC interceptor. */
class GrpcQdrantBehaviourTest extends GuardBehaviourSuite {

  @Override
  protected GuardedBackend connect(VectorGuard guard) {
    QdrantTestServer server = QdrantTestServer.start();
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < RECORDS.size(); i++) {
      Seed seed = RECORDS.get(i);
      Map<String, io.qdrant.client.grpc.JsonWithInt.Value> payload = new LinkedHashMap<>();
      seed.payload().forEach((k, v) -> payload.put(k, value((String) v)));
      float[] vector = new float[seed.vector().size()];
      for (int j = 0; j < vector.length; j++) {
        vector[j] = seed.vector().get(j);
      }
      points.add(PointStruct.newBuilder().setId(id(i + 1)).setVectors(vectors(vector)).putAllPayload(payload).build());
    }
    for (String collection : List.of(DOCS, SECRET)) {
      server.createCollection(collection, Distance.Cosine);
      server.upsert(collection, points);
    }
    QdrantClient client = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(guard).guardedChannel(server.newChannel()), true, false)
        .withApiKey("application-key").build());
    return new GuardedBackend() {
      @Override
      public List<Hit> search(String collection, @Nullable Actor actor) throws Exception {
        SearchPoints search = SearchPoints.newBuilder().setCollectionName(collection)
            .addAllVector(List.of(1f, 0f, 0f, 0f)).setLimit(10)
            .setWithPayload(WithPayloadSelectorFactory.enable(true))
            .setWithVectors(WithVectorsSelectorFactory.enable(true)).build();
        List<ScoredPoint> found = as(actor, () -> client.searchAsync(search).get());
        List<Hit> hits = new ArrayList<>();
        for (ScoredPoint p : found) {
          Map<String, Object> payload = new LinkedHashMap<>();
          p.getPayloadMap().forEach((k, v) -> payload.put(k, v.getStringValue()));
          List<Float> vector = p.hasVectors() ? p.getVectors().getVector().getDense().getDataList() : null;
          hits.add(new Hit(RECORDS.get((int) p.getId().getNum() - 1).id(), payload, vector));
        }
        return hits;
      }

      @Override
      public void delete(String collection, String recordId, @Nullable Actor actor) throws Exception {
        long num = RECORDS.indexOf(RECORDS.stream().filter(s -> s.id().equals(recordId)).findFirst().orElseThrow()) + 1;
        as(actor, () -> client.deleteAsync(collection, List.of(id(num))).get());
      }

      @Override
      public boolean isRefusal(Throwable error) {
        Throwable cause = error instanceof ExecutionException ? error.getCause() : error;
        return cause instanceof StatusRuntimeException e
            && e.getStatus().getCode() == Status.Code.PERMISSION_DENIED
            && e.getStatus().getDescription() != null
            && e.getStatus().getDescription().startsWith("Vectorguard refused");
      }

      @Override
      public int backendCalls() {
        return server.calls().size();
      }

      @Override
      public List<String> lastCredentials() {
        List<String> values = new ArrayList<>(server.lastCall().headerValues("api-key"));
        values.addAll(server.lastCall().headerValues("authorization"));
        return values;
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
