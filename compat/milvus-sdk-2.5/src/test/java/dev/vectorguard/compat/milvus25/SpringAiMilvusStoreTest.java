package dev.vectorguard.compat.milvus25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.audit.AuditEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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

  private final GuardedMilvus milvus = new GuardedMilvus();

  @AfterEach
  void stop() {
    milvus.close();
  }

  private MilvusVectorStore store(String collection) throws Exception {
    MilvusVectorStore store = MilvusVectorStore.builder(milvus.client, EMBEDDINGS).collectionName(collection)
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
    milvus.server.insert("docs", List.of(foreign));

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
    assertThat(milvus.refusals()).singleElement().asString()
            .contains("has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant");
    assertThat(milvus.server.rows("docs")).extracting(r -> r.get("content")).containsExactly("globex plan", "acme plan");
    assertThat(milvus.audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.operation"))
        .contains("describe_collection", "create_collection", "create_index", "load_collection", "upsert", "search");
  }

  @Test
  void aDeniedCollectionIsRefusedAtStart() {
    assertThatThrownBy(() -> store("secret")).isInstanceOf(RuntimeException.class);

    assertThat(milvus.refusals()).singleElement().asString()
        .startsWith("Vectorguard refused milvus describe_collection on [secret]: no rule matched");
    assertThat(milvus.server.calls()).noneMatch(c -> c.request().toString().contains("secret"));
  }
}
