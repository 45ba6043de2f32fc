package dev.vectorguard.grpc;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.MilvusTestServer;
import dev.vectorguard.token.TokenSource;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import java.util.List;
import java.util.Map;

/** A Milvus test server with two collections, and an SDK V2 client guarded by a given policy. */
final class MilvusFixture implements AutoCloseable {
  final MilvusTestServer server = MilvusTestServer.start();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final VectorGuard guard;
  final MilvusClientV2 client;

  MilvusFixture(Policy policy) {
    this(policy, TestTokens.perScope(), null);
  }

  MilvusFixture(Policy policy, TokenSource tokens, String sdkToken) {
    server.createCollection("docs", 2, List.of("tenant", "email", "title"));
    server.createCollection("secret", 2, List.of("tenant", "email", "title"));
    server.insert("docs", List.of(
        row(1, "acme", "alice@acme.io", 1f, 0f),
        row(2, "acme", "bob@acme.io", 0.9f, 0.1f),
        row(3, "globex", "carol@globex.io", 0.95f, 0.05f),
        row(4, "globex", "dave@globex.io", 0f, 1f)));
    server.insert("secret", List.of(row(1, "acme", "root@acme.io", 1f, 0f)));
    guard = VectorGuard.builder(policy)
        .workload(Workload.configured("spiffe://test/ns/app/sa/rag"))
        .tokenSource(tokens)
        .auditSink(audit)
        .build();
    ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(server.uri());
    if (sdkToken != null) {
      config.token(sdkToken);
    }
    client = MilvusGuard.create(guard).wrap(new MilvusClientV2(config.build()));
    server.clearCalls();
  }

  static Map<String, Object> row(long id, String tenant, String email, float... vector) {
    List<Float> v = new java.util.ArrayList<>();
    for (float f : vector) {
      v.add(f);
    }
    return new java.util.LinkedHashMap<>(Map.of("id", id, "tenant", tenant, "email", email, "title", "doc " + id,
        "vector", v));
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
