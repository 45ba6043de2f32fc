package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import dev.vectorguard.token.TokenSource;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import java.util.List;
import java.util.Map;

/** A Qdrant test server with two collections, and an official client guarded by a given policy. */
final class QdrantFixture implements AutoCloseable {
  /** The key the application configured on the client; it must never reach the server. */
  static final String CLIENT_KEY = "client-static-key-must-not-leak";

  final QdrantTestServer server = QdrantTestServer.start();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final VectorGuard guard;
  final QdrantClient client;

  QdrantFixture(Policy policy) {
    this(policy, TestTokens.perScope());
  }

  QdrantFixture(Policy policy, TokenSource tokens) {
    server.createCollection("docs", Distance.Cosine);
    server.createCollection("secret", Distance.Cosine);
    server.upsert("docs", List.of(
        point(1, "acme", "alice@acme.io", 1f, 0f),
        point(2, "acme", "bob@acme.io", 0.9f, 0.1f),
        point(3, "globex", "carol@globex.io", 0.95f, 0.05f),
        point(4, "globex", "dave@globex.io", 0f, 1f)));
    server.upsert("secret", List.of(point(1, "acme", "root@acme.io", 1f, 0f)));
    guard = VectorGuard.builder(policy)
        .workload(Workload.configured("spiffe://test/ns/app/sa/rag"))
        .tokenSource(tokens)
        .auditSink(audit)
        .build();
    client = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(guard).guardedChannel(server.newChannel()), true, false)
        .withApiKey(CLIENT_KEY)
        .build());
  }

  static PointStruct point(long id, String tenant, String email, float... vector) {
    return PointStruct.newBuilder().setId(id(id)).setVectors(vectors(vector))
        .putAllPayload(Map.of("tenant", value(tenant), "email", value(email), "title", value("doc " + id)))
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
