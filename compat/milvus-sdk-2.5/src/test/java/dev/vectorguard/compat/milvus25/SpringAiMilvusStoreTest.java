package dev.vectorguard.compat.milvus25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.client.MilvusServiceClient;
import io.milvus.param.ConnectParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.milvus.MilvusVectorStore;

/**
 * Spring AI's {@code MilvusVectorStore} (spring-ai-milvus-store 1.1.2, on Milvus SDK 2.5.8, here
 * 2.5.9) built, with its schema initialised, over a guarded {@code MilvusServiceClient}: metadata
 * lives in the JSON column {@code metadata}, so the tenant filter is on {@code metadata["tenant_id"]}.
 * Wiring it in a Spring context is the Spring module's; this proves the store's own calls.
 */
class SpringAiMilvusStoreTest {
  private static final String POLICY = """
      version: 1
      defaults: { effect: deny }
      rules:
        # The store's schema initialisation, at start.
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

  /** Embeds a text as a fixed 2-d vector: "plan" texts near [1, 0], others near [0, 1]. */
  private static final EmbeddingModel EMBEDDINGS = new EmbeddingModel() {
    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      List<Embedding> out = new java.util.ArrayList<>();
      for (String text : request.getInstructions()) {
        out.add(new Embedding(vector(text), out.size()));
      }
      return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
      return vector(document.getText());
    }

    @Override
    public int dimensions() {
      return 2;
    }

    private float[] vector(String text) {
      return text.contains("plan") ? new float[] {1f, 0f} : new float[] {0f, 1f};
    }
  };

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private MilvusTestServer server;
  private MilvusServiceClient client;

  @BeforeEach
  void start() throws Exception {
    server = MilvusTestServer.start();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml"))
        .workload(Workload.configured("spiffe://test/ns/app/sa/rag"))
        .auditSink(audit)
        .build();
    client = MilvusGuard.create(guard).wrap(new MilvusServiceClient(ConnectParam.newBuilder()
        .withHost("127.0.0.1").withPort(server.port()).build()));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private MilvusVectorStore store(String collection) throws Exception {
    MilvusVectorStore store = MilvusVectorStore.builder(client, EMBEDDINGS).collectionName(collection)
        .embeddingDimension(2).initializeSchema(true).build();
    store.afterPropertiesSet();
    return store;
  }

  @Test
  void theStoreIsTenantConfinedOnItsJsonMetadataAndMasked() throws Exception {
    MilvusVectorStore store = store("docs");
    Map<String, Object> foreign = new LinkedHashMap<>();
    foreign.put("doc_id", "g-1");
    foreign.put("content", "globex plan");
    foreign.put("metadata", "{\"tenant_id\":\"globex\",\"email\":\"carol@globex.io\"}");
    foreign.put("embedding", List.of(1f, 0f));
    server.insert("docs", List.of(foreign));

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      store.add(List.of(new Document("a-1", "acme plan", Map.of("tenant_id", "acme", "email", "alice@acme.io"))));
      assertThatThrownBy(() -> store.add(List.of(new Document("planted plan", Map.of("tenant_id", "globex")))))
          .isInstanceOf(RuntimeException.class);

      List<Document> found = store.similaritySearch(SearchRequest.builder().query("a plan").topK(10).build());

      assertThat(found).singleElement().satisfies(d -> {
        assertThat(d.getText()).isEqualTo("acme plan");
        assertThat(d.getMetadata()).containsEntry("tenant_id", "acme").containsEntry("email", "[REDACTED]");
      });
    }
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(e -> assertThat((String) e.get("reason"))
            .contains("has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant"));
    assertThat(server.rows("docs")).extracting(r -> r.get("content")).containsExactly("globex plan", "acme plan");
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.operation"))
        .contains("describe_collection", "create_collection", "create_index", "load_collection", "upsert", "search");
  }

  @Test
  void aDeniedCollectionIsRefusedAtStart() {
    assertThatThrownBy(() -> store("secret")).isInstanceOf(RuntimeException.class);

    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(e -> assertThat((String) e.get("reason")).startsWith(
            "Vectorguard refused milvus describe_collection on [secret]: no rule matched"));
    assertThat(server.calls()).noneMatch(c -> c.request().toString().contains("secret"));
  }
}
