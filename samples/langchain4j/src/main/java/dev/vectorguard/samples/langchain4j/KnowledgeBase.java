package dev.vectorguard.samples.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import dev.langchain4j.store.embedding.qdrant.QdrantEmbeddingStore;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.langchain4j.Binding;
import dev.vectorguard.langchain4j.VectorGuardLangChain4j;
import dev.vectorguard.rest.RestGuard;
import io.grpc.ManagedChannel;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A LangChain4j knowledge base of tenants' notes, in Chroma and in Qdrant, guarded by one
 * {@link VectorGuard}: the Chroma store through LangChain4j's HTTP client SPI
 * ({@link VectorGuardLangChain4j#bind}), the Qdrant store over a guarded {@link QdrantClient}.
 * What the application writes is plain LangChain4j; only the wiring here knows of the guard.
 */
public final class KnowledgeBase implements AutoCloseable {
  /** Where Chroma keeps the notes. */
  public record ChromaTarget(String url, String tenant, String database) {}

  private final VectorGuard guard;
  private final QdrantClient qdrantClient;
  private final ChromaTarget chroma;
  private final RestGuard rest;

  public KnowledgeBase(VectorGuard guard, ChromaTarget chroma, ManagedChannel qdrantChannel) {
    this.guard = guard;
    this.chroma = chroma;
    this.rest = RestGuard.builder(guard).backend(URI.create(chroma.url() + "/"), Backend.CHROMA).build();
    this.qdrantClient = new QdrantClient(QdrantGrpcClient.newBuilder(
        VectorGuardGrpc.create(guard).guardedChannel(qdrantChannel), true, false).build());
  }

  /** LangChain4j's Chroma store for {@code collection}; refused when the policy does not allow it. */
  public EmbeddingStore<TextSegment> chromaStore(String collection) {
    try (Binding b = VectorGuardLangChain4j.bind(rest)) {
      return ChromaEmbeddingStore.builder().baseUrl(chroma.url()).apiVersion(ChromaApiVersion.V2)
          .tenantName(chroma.tenant()).databaseName(chroma.database()).collectionName(collection).build();
    }
  }

  /** LangChain4j's Qdrant store for {@code collection}, its searches checked against {@code vectors: strip}. */
  public EmbeddingStore<TextSegment> qdrantStore(String collection) {
    return VectorGuardLangChain4j.checkedQdrantStore(
        QdrantEmbeddingStore.builder().client(qdrantClient).collectionName(collection).build(), guard, collection);
  }

  /** Adds a note of {@code actor}'s tenant. */
  public static void note(EmbeddingStore<TextSegment> store, Actor actor, String text, String email, float... vector) {
    try (GuardContext.Scope s = GuardContext.actAs(actor)) {
      store.add(Embedding.from(vector), TextSegment.from(text,
          Metadata.from(Map.of("tenant", String.valueOf(actor.tenant()), "email", email))));
    }
  }

  /** The notes nearest {@code vector} that {@code actor} may read. */
  public static List<EmbeddingMatch<TextSegment>> search(EmbeddingStore<TextSegment> store, Actor actor,
      float... vector) {
    try (GuardContext.Scope s = GuardContext.actAs(actor)) {
      return store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(vector)).maxResults(20)
          .build()).matches();
    }
  }

  @Override
  public void close() {
    qdrantClient.close();
  }
}
