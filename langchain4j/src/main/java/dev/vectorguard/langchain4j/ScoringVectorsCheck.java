package dev.vectorguard.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import java.util.Collection;
import java.util.List;

/**
 * A store that scores matches from the vectors it gets back (LangChain4j's
 * {@code QdrantEmbeddingStore}: cosine similarity of the returned vector and the query), checked
 * before each search: when the caller's obligations strip vectors, the search is refused with a
 * message saying so, instead of failing inside LangChain4j on an empty vector. Everything else is
 * the delegate's. Thread-safe when the delegate is.
 */
final class ScoringVectorsCheck implements EmbeddingStore<TextSegment> {
  private final EmbeddingStore<TextSegment> delegate;
  private final VectorGuard guard;
  private final String collection;

  ScoringVectorsCheck(EmbeddingStore<TextSegment> delegate, VectorGuard guard, String collection) {
    this.delegate = delegate;
    this.guard = guard;
    this.collection = collection;
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    VectorCall search = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection(collection).build();
    Decision decision = guard.decide(guard.identify(GuardContext.current()), search);
    // A denied search goes on to be refused, and audited, by the guarded client.
    if (decision instanceof Decision.Allow allow && allow.obligations().stripVectors()) {
      throw new IllegalStateException("Vectorguard: LangChain4j's QdrantEmbeddingStore scores matches from the vectors"
          + " Qdrant returns, and rule " + allow.rules() + " strips them (vectors: strip) for this caller on '"
          + collection + "'; give the caller's searches of '" + collection + "' a rule without vectors: strip"
          + " (tenant filters, masks and caps still apply), or search with a store that reads Qdrant's scores");
    }
    return delegate.search(request);
  }

  @Override
  public String add(Embedding embedding) {
    return delegate.add(embedding);
  }

  @Override
  public void add(String id, Embedding embedding) {
    delegate.add(id, embedding);
  }

  @Override
  public String add(Embedding embedding, TextSegment embedded) {
    return delegate.add(embedding, embedded);
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    return delegate.addAll(embeddings);
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings, List<TextSegment> embedded) {
    return delegate.addAll(embeddings, embedded);
  }

  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
    delegate.addAll(ids, embeddings, embedded);
  }

  @Override
  public void remove(String id) {
    delegate.remove(id);
  }

  @Override
  public void removeAll(Collection<String> ids) {
    delegate.removeAll(ids);
  }

  @Override
  public void removeAll(Filter filter) {
    delegate.removeAll(filter);
  }

  @Override
  public void removeAll() {
    delegate.removeAll();
  }
}
