package dev.vectorguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.qdrant.QdrantEmbeddingStore;
import dev.vectorguard.Actor;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import io.grpc.ManagedChannel;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j 1.11's {@link QdrantEmbeddingStore} over a guarded {@link QdrantClient}, on the
 * testkit's Qdrant server: what {@code vectors: strip} does to it, and the answer.
 */
class QdrantEmbeddingStoreTest {
  private static final String RULES = """
      version: 1
      rules:
        - id: rag-reads
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]%s
        - id: rag-writes
          when: { actor.tenant: "*" }
          collections: [docs]
          operations: [upsert]
          effect: allow
          obligations:
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
      """;
  private static final String STRIPPED = RULES.formatted("\n      vectors: strip");
  private static final String KEPT = RULES.formatted("");
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final Actor GLOBEX = Actor.builder().user("bob").tenant("globex").build();
  private static final EmbeddingSearchRequest NEAR_X = EmbeddingSearchRequest.builder()
      .queryEmbedding(Embedding.from(new float[] {1f, 0f, 0f, 0f})).maxResults(50).build();

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final QdrantTestServer server = QdrantTestServer.start();
  private VectorGuard guard;
  private QdrantClient client;

  private QdrantEmbeddingStore store(String policy) throws Exception {
    guard = VectorGuard.builder(PolicyLoader.parse(policy, "langchain4j-qdrant.yaml"))
        .workload(Workload.configured("spiffe://test.local/sa/rag"))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, "qdrant-token", null, null))
        .auditSink(audit)
        .build();
    server.createCollection("docs", Distance.Cosine);
    ManagedChannel channel = VectorGuardGrpc.create(guard).guardedChannel(server.newChannel());
    client = new QdrantClient(QdrantGrpcClient.newBuilder(channel, true, false).build());
    QdrantEmbeddingStore store = QdrantEmbeddingStore.builder().client(client).collectionName("docs").build();
    add(store, ACME, "alpha one", "alice@acme.io", 1f, 0f, 0f, 0f);
    add(store, ACME, "alpha two", "carol@acme.io", 0.9f, 0.1f, 0f, 0f);
    add(store, GLOBEX, "gamma one", "bob@globex.io", 0f, 1f, 0f, 0f);
    return store;
  }

  private static void add(EmbeddingStore<TextSegment> store, Actor actor, String text, String email, float... v) {
    try (GuardContext.Scope s = GuardContext.actAs(actor)) {
      store.add(Embedding.from(v), TextSegment.from(text, Metadata.from(Map.of("tenant", actor.tenant(), "email", email))));
    }
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  /** The finding: the store scores from the returned vector, which the guard stripped. */
  @Test
  void withVectorsStrippedTheStoreItselfFailsInsideLangChain4j() throws Exception {
    QdrantEmbeddingStore store = store(STRIPPED);

    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThatThrownBy(() -> store.search(NEAR_X)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Length of vector a (0) must be equal to the length of vector b (4)");
    }
  }

  @Test
  void theCheckedStoreRefusesThatSearchClearlyBeforeSendingIt() throws Exception {
    EmbeddingStore<TextSegment> store = VectorGuardLangChain4j.checkedQdrantStore(store(STRIPPED), guard, "docs");
    server.clearCalls();

    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThatThrownBy(() -> store.search(NEAR_X)).isInstanceOf(IllegalStateException.class)
          .hasMessage("Vectorguard: LangChain4j's QdrantEmbeddingStore scores matches from the vectors Qdrant"
              + " returns, and rule [rag-reads] strips them (vectors: strip) for this caller on 'docs'; give the"
              + " caller's searches of 'docs' a rule without vectors: strip (tenant filters, masks and caps still"
              + " apply), or search with a store that reads Qdrant's scores");
    }
    assertThat(server.calls()).isEmpty();
  }

  /** The answer: a rule without vectors: strip; the tenant filter and masks still hold. */
  @Test
  void withoutStrippingTheStoreIsTenantConfinedAndMasked() throws Exception {
    EmbeddingStore<TextSegment> store = VectorGuardLangChain4j.checkedQdrantStore(store(KEPT), guard, "docs");

    List<EmbeddingMatch<TextSegment>> matches;
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      matches = store.search(NEAR_X).matches();
    }

    assertThat(matches).extracting(m -> m.embedded().text()).containsExactly("alpha one", "alpha two");
    assertThat(matches).extracting(m -> m.embedded().metadata().getString("email")).containsOnly("[REDACTED]");
    assertThat(matches.get(0).score()).isGreaterThan(matches.get(1).score());
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.operation")).contains("search");
  }

  @Test
  void aDeniedCollectionIsRefusedByTheGuardedClient() throws Exception {
    store(KEPT);
    QdrantEmbeddingStore payroll = QdrantEmbeddingStore.builder().client(client).collectionName("payroll").build();

    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThatThrownBy(() -> VectorGuardLangChain4j.checkedQdrantStore(payroll, guard, "payroll").search(NEAR_X))
          .hasRootCauseInstanceOf(io.grpc.StatusRuntimeException.class)
          .rootCause().hasMessageContaining("payroll");
    }
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).isNotEmpty();
  }
}
