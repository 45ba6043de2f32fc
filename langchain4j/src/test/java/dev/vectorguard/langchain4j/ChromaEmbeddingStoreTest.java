package dev.vectorguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.rest.RestGuard;
import dev.vectorguard.resttest.ChromaServer;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j 1.11's {@link ChromaEmbeddingStore}, which loads its HTTP client through the SPI,
 * guarded by {@link VectorGuardLangChain4j#bind} against a real Chroma server.
 */
class ChromaEmbeddingStoreTest {
  @RegisterExtension
  static final ChromaServer CHROMA = new ChromaServer();

  static final String POLICY = """
      version: 1
      rules:
        - id: store-finds-its-tenant-and-database
          # LangChain4j's Chroma store creates its tenant and database when it is built.
          operations: [list_databases, tenant_admin, database_admin]
          effect: allow
        - id: store-setup
          operations: [list_collections, describe_collection, create_collection]
          collections: [kb-docs]
          effect: allow
        - id: tenants-read-kb
          when: { actor.tenant: "*" }
          collections: [kb-docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]
        - id: tenants-add-to-kb
          when: { actor.tenant: "*" }
          collections: [kb-docs]
          operations: [upsert]
          effect: allow
          obligations:
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
      """;
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final Actor GLOBEX = Actor.builder().user("bob").tenant("globex").build();

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private ChromaServer.Database db;
  private RestGuard rest;

  @BeforeEach
  void guard() throws Exception {
    db = CHROMA.database();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "langchain4j.yaml"))
        .workload(Workload.configured("spiffe://test.local/sa/kb"))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, "chroma-token", null, null))
        .auditSink(audit)
        .build();
    rest = RestGuard.builder(guard).backend(URI.create(db.url() + "/"), Backend.CHROMA).build();
  }

  private ChromaEmbeddingStore store(String collection) {
    try (Binding b = VectorGuardLangChain4j.bind(rest)) {
      return ChromaEmbeddingStore.builder().baseUrl(db.url()).apiVersion(ChromaApiVersion.V2)
          .tenantName(db.tenant()).databaseName(db.name()).collectionName(collection).build();
    }
  }

  private static void add(ChromaEmbeddingStore store, Actor actor, String text, String email, float... vector) {
    try (GuardContext.Scope s = GuardContext.actAs(actor)) {
      store.add(Embedding.from(vector), TextSegment.from(text,
          Metadata.from(Map.of("tenant", actor.tenant(), "email", email))));
    }
  }

  @Test
  void aStoreBuiltInsideABindingIsTenantConfinedMaskedAndAudited() {
    ChromaEmbeddingStore store = store("kb-docs");
    add(store, ACME, "alpha one", "alice@acme.io", 1f, 0f, 0f);
    add(store, ACME, "alpha two", "carol@acme.io", 0.9f, 0.1f, 0f);
    add(store, GLOBEX, "gamma one", "bob@globex.io", 0f, 1f, 0f);

    List<EmbeddingMatch<TextSegment>> matches;
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      matches = store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(new float[] {1f, 0f, 0f}))
          .maxResults(50).build()).matches();
    }

    assertThat(matches).extracting(m -> m.embedded().text()).containsExactly("alpha one", "alpha two");
    assertThat(matches).extracting(m -> m.embedded().metadata().getString("email")).containsOnly("[REDACTED]");
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.operation"))
        .contains("create_collection", "upsert", "query");
  }

  @Test
  void aWriteForAnotherTenantIsRefusedAndNothingIsAdded() {
    ChromaEmbeddingStore store = store("kb-docs");

    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThatThrownBy(() -> store.add(Embedding.from(new float[] {1f, 0f, 0f}),
          TextSegment.from("smuggled", Metadata.from(Map.of("tenant", "globex")))))
          .hasMessageContaining("differs from the caller's tenant");
    }
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void aDeniedCollectionIsRefusedWhenTheStoreIsBuilt() {
    assertThatThrownBy(() -> store("payroll")).isInstanceOf(CallRefusedException.class)
        .hasMessageContaining("payroll");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).isNotEmpty();
  }

  @Test
  void outsideABindingTheFactoryRefusesToBuildAnUnguardedClient() {
    assertThatThrownBy(() -> ChromaEmbeddingStore.builder().baseUrl(db.url()).apiVersion(ChromaApiVersion.V2)
        .tenantName(db.tenant()).databaseName(db.name()).collectionName("kb-docs").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no guard bound to this thread");
  }
}
