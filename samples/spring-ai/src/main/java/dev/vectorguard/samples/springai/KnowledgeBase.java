package dev.vectorguard.samples.springai;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.stereotype.Service;

/**
 * The application's own code: plain Spring AI calls on the auto-configured {@link VectorStore},
 * each made for one tenant. The only Vectorguard call is naming that tenant
 * ({@link GuardContext#actAs}); the policy does the rest (the tenant filter, masks, caps, refusals).
 */
@Service
public class KnowledgeBase {
  private final VectorStore store;

  public KnowledgeBase(VectorStore store) {
    this.store = store;
  }

  /** The actor the ingestion job writes as; the policy lets it write every tenant's articles. */
  public static final String INGEST_JOB = "ingest-job";

  /** Adds articles of {@code tenant}, as the ingestion job; each carries its tenant in its metadata. */
  public void ingest(String tenant, List<Document> articles) {
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().user(INGEST_JOB).build())) {
      store.add(articles.stream()
          .map(d -> Document.builder().id(d.getId()).text(d.getText())
              .metadata(d.getMetadata()).metadata("tenant_id", tenant).build())
          .toList());
    }
  }

  /** The articles closest to {@code question} that {@code tenant} may see. */
  public List<Document> ask(String tenant, String question, int topK) {
    return ask(store, tenant, question, topK);
  }

  /** As {@link #ask(String, String, int)}, on another store (used to show a refusal). */
  static List<Document> ask(VectorStore store, String tenant, String question, int topK) {
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).build())) {
      return store.similaritySearch(SearchRequest.builder().query(question).topK(topK).build());
    }
  }

  /** An article with an author email in its metadata, which the policy masks on the way out. */
  public static Document article(String id, String text, String email) {
    return Document.builder().id(id).text(text).metadata(Map.of("email", email)).build();
  }
}
