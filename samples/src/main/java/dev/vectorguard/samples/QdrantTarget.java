package dev.vectorguard.samples;

import dev.vectorguard.testkit.QdrantTestServer;
import dev.vectorguard.testkit.RecordedCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** Where the demo's Qdrant is: the testkit's in-process server, or a real one. */
interface QdrantTarget extends AutoCloseable {

  /** A new, unguarded channel to the server; the demo guards it. */
  ManagedChannel newChannel();

  /** The credential the server received on the last call, or {@code null} when it cannot be seen. */
  @Nullable String lastApiKey();

  /** How many searches reached {@code collection}, or -1 when it cannot be seen. */
  int callsTo(String collection);

  String describe();

  @Override
  void close() throws Exception;

  /** The testkit's in-memory server, seeded with {@link DemoData}. */
  static QdrantTarget embedded() {
    QdrantTestServer server = QdrantTestServer.start();
    server.createCollection(DemoData.DOCS, Distance.Cosine);
    server.upsert(DemoData.DOCS, DemoData.docs());
    server.createCollection(DemoData.SALARIES, Distance.Cosine);
    server.upsert(DemoData.SALARIES, DemoData.salaries());
    return new QdrantTarget() {
      @Override
      public ManagedChannel newChannel() {
        return server.newChannel();
      }

      @Override
      public @Nullable String lastApiKey() {
        return server.lastCall().header("api-key");
      }

      @Override
      public int callsTo(String collection) {
        int n = 0;
        for (RecordedCall call : server.calls()) {
          if (call.request() instanceof SearchPoints search && search.getCollectionName().equals(collection)) {
            n++;
          }
        }
        return n;
      }

      @Override
      public String describe() {
        return "the testkit's in-process Qdrant-compatible server (official gRPC service stubs)";
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /**
   * A real Qdrant at {@code hostPort} (gRPC, plaintext), seeded through an unguarded admin client
   * with {@code apiKey}. Qdrant must have JWT RBAC enabled for the guard's scoped tokens.
   */
  static QdrantTarget real(String hostPort, String apiKey) throws ExecutionException, InterruptedException {
    ManagedChannel adminChannel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
    QdrantClient admin = new QdrantClient(QdrantGrpcClient.newBuilder(adminChannel, true).withApiKey(apiKey).build());
    VectorParams params = VectorParams.newBuilder().setSize(DemoData.DIMENSIONS).setDistance(Distance.Cosine).build();
    for (String collection : List.of(DemoData.DOCS, DemoData.SALARIES)) {
      admin.recreateCollectionAsync(collection, params).get();
    }
    admin.upsertAsync(DemoData.DOCS, DemoData.docs()).get();
    admin.upsertAsync(DemoData.SALARIES, DemoData.salaries()).get();
    return new QdrantTarget() {
      @Override
      public ManagedChannel newChannel() {
        return ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
      }

      @Override
      public @Nullable String lastApiKey() {
        return null;
      }

      @Override
      public int callsTo(String collection) {
        return -1;
      }

      @Override
      public String describe() {
        return "the Qdrant server at " + hostPort;
      }

      @Override
      public void close() {
        admin.close();
      }
    };
  }
}
