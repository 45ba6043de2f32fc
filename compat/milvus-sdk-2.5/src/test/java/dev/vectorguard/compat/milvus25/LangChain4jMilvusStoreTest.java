package dev.vectorguard.compat.milvus25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.milvus.MilvusEmbeddingStore;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.audit.AuditEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's {@code MilvusEmbeddingStore} (langchain4j-milvus 1.11, on Milvus SDK 2.5.9) handed a
 * guarded {@code MilvusServiceClient}: the store keeps its metadata in a JSON column
 * {@code metadata}, so the tenant filter is on {@code metadata["tenant_id"]}.
 */
class LangChain4jMilvusStoreTest {
  private final GuardedMilvus milvus = new GuardedMilvus();

  @AfterEach
  void stop() {
    milvus.close();
  }

  private MilvusEmbeddingStore store(String collection) {
    return MilvusEmbeddingStore.builder().milvusClient(milvus.client).collectionName(collection).dimension(2).build();
  }

  private static Embedding vector(float x, float y) {
    return Embedding.from(new float[] {x, y});
  }

  @Test
  void theStoreIsTenantConfinedOnItsJsonMetadataAndMasked() {
    MilvusEmbeddingStore store = store("docs");
    // Another tenant's row, already in the collection.
    Map<String, Object> foreign = new LinkedHashMap<>();
    foreign.put("id", "g-1");
    foreign.put("text", "globex plan");
    foreign.put("metadata", "{\"tenant_id\":\"globex\",\"email\":\"carol@globex.io\"}");
    foreign.put("vector", List.of(1f, 0f));
    milvus.server.insert("docs", List.of(foreign));

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      store.add(vector(0.9f, 0.1f), TextSegment.from("acme plan",
          Metadata.from("tenant_id", "acme").put("email", "alice@acme.io")));
      // LangChain4j reports only the SDK's status code; the guard's reason is in the audit trail.
      assertThatThrownBy(() -> store.add(vector(1f, 0f), TextSegment.from("planted",
          Metadata.from("tenant_id", "globex"))))
          .hasMessage("Request to Milvus DB failed. Response status:'-3'.\n");
      assertThat(milvus.refusals()).singleElement().asString()
          .contains("has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant");

      List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
          .queryEmbedding(vector(1f, 0f)).maxResults(10).build()).matches();

      assertThat(matches).singleElement().satisfies(m -> {
        assertThat(m.embedded().text()).isEqualTo("acme plan");
        assertThat(m.embedded().metadata().getString("tenant_id")).isEqualTo("acme");
        assertThat(m.embedded().metadata().getString("email")).isEqualTo("[REDACTED]");
      });
    }
    assertThat(milvus.server.rows("docs")).extracting(r -> r.get("text")).containsExactly("globex plan", "acme plan");
    String searched = milvus.server.calls("Search").get(0).request().toString();
    assertThat(searched).contains("metadata[\\\"tenant_id\\\"] == {__vg_t0}");
    // Every call the store made was audited before and after, under the workload.
    assertThat(milvus.audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.operation"))
        .contains("describe_collection", "create_collection", "create_index", "load_collection", "upsert", "search");
    assertThat(milvus.audit.events()).allSatisfy(e ->
        assertThat(e.get("workload.id")).isEqualTo(GuardedMilvus.WORKLOAD));
  }

  @Test
  void theStoreReadsBackTheEmbeddingsItWrote() {
    MilvusEmbeddingStore store = MilvusEmbeddingStore.builder().milvusClient(milvus.client).collectionName("docs")
        .dimension(2).retrieveEmbeddingsOnSearch(true).build();
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      store.add(vector(0.6f, 0.8f), TextSegment.from("acme plan", Metadata.from("tenant_id", "acme")));

      List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
          .queryEmbedding(vector(1f, 0f)).maxResults(3).build()).matches();

      assertThat(matches).singleElement().satisfies(m -> assertThat(m.embedding().vector())
          .containsExactly(0.6f, 0.8f));
    }
  }

  @Test
  void aDeniedCollectionIsRefusedAndEveryCallIsAudited() {
    assertThatThrownBy(() -> store("secret")).hasMessage("Request to Milvus DB failed. Response status:'-3'.\n");

    assertThat(milvus.server.calls()).noneMatch(c -> c.request().toString().contains("secret"));
    assertThat(milvus.refusals()).singleElement().asString().isEqualTo("Vectorguard refused milvus describe_collection on "
        + "[secret]: no rule matched milvus describe_collection (read) on collection 'secret' in database 'default' "
        + "for workload 'spiffe://test/ns/app/sa/rag'; default deny");
  }
}
