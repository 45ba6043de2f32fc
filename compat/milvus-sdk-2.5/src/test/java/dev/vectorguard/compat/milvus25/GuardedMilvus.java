package dev.vectorguard.compat.milvus25;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.client.MilvusServiceClient;
import io.milvus.param.ConnectParam;
import java.util.List;

/**
 * A Milvus test server and a guarded v1 {@code MilvusServiceClient}, the client both frameworks'
 * Milvus stores take, under the policy a RAG application on such a store needs: the store's schema
 * initialisation at start, then reads and writes of {@code docs} confined to the caller's tenant on
 * the JSON metadata key {@code metadata["tenant_id"]}, with {@code metadata.email} masked.
 */
final class GuardedMilvus implements AutoCloseable {
  static final String POLICY = """
      version: 1
      defaults: { effect: deny }
      rules:
        # The stores check for, create, index and load their collection when they are built, at start
        # (the v1 SDK's synchronous load polls the collection listing).
        - id: rag-sets-up-docs
          collections: [docs]
          operations: [describe_collection, create_collection, create_index, describe_index, load_collection,
                       list_collections]
          effect: allow
        - id: rag-uses-docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read, write]
          effect: allow
          obligations:
            tenant_filter: { field: 'metadata["tenant_id"]', value: "${actor.tenant}" }
            mask: [ { field: metadata.email, with: redact } ]
      """;
  static final String WORKLOAD = "spiffe://test/ns/app/sa/rag";

  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final MilvusTestServer server = MilvusTestServer.start();
  final MilvusServiceClient client;

  GuardedMilvus() {
    VectorGuard guard = VectorGuard.builder(policy())
        .workload(Workload.configured(WORKLOAD))
        .auditSink(audit)
        .build();
    client = MilvusGuard.create(guard).wrap(new MilvusServiceClient(ConnectParam.newBuilder()
        .withHost("127.0.0.1").withPort(server.port()).build()));
  }

  private static dev.vectorguard.policy.CompiledPolicy policy() {
    try {
      return PolicyLoader.parse(POLICY, "policy.yaml");
    } catch (PolicyValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reasons of the calls refused so far. */
  List<String> refusals() {
    return audit.ofType(AuditEvent.CALL_REFUSED).stream().map(e -> (String) e.get("reason")).toList();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
