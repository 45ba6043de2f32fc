package dev.vectorguard.samples.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.testkit.QdrantTestServer;
import dev.vectorguard.testkit.RecordedCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.qdrant.QdrantVectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample as a user would run it: Spring AI's own Qdrant properties point at the testkit
 * server's loopback port, {@code initialize-schema=true} with per-call Qdrant JWTs, and the
 * application's plain Spring AI calls are guarded with no guard code.
 */
@SpringBootTest
class SpringAiSampleTest {
  private static final String API_KEY = "sample-api-key-for-the-test-server-only";
  static final QdrantTestServer SERVER = QdrantTestServer.start();

  @TempDir
  static Path audit;

  @DynamicPropertySource
  static void qdrant(DynamicPropertyRegistry properties) {
    properties.add("spring.ai.vectorstore.qdrant.host", SERVER::host);
    properties.add("spring.ai.vectorstore.qdrant.port", SERVER::port);
    properties.add("vectorguard.audit.file.directory", () -> audit.toString());
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Autowired
  KnowledgeBase kb;

  @Autowired
  QdrantClient qdrant;

  @Autowired
  EmbeddingModel embeddings;

  @Autowired
  GuardedClients clients;

  @Test
  void springAisClientIsGuardedWhereItStands() {
    assertThat(clients.clients()).singleElement().satisfies(client -> {
      assertThat(client.bean()).isEqualTo("qdrantClient");
      assertThat(client.status()).isEqualTo(GuardedClients.Client.GUARDED);
      assertThat(client.how()).contains("127.0.0.1:" + SERVER.port());
    });
  }

  @Test
  void theSchemaIsCreatedAtStartWithAGlobalManageTokenForThatCallAlone() throws Exception {
    List<RecordedCall> creates = SERVER.calls("qdrant.Collections/Create");
    assertThat(creates).hasSize(1);
    JWTClaimsSet create = verifiedClaims(creates.get(0));
    assertThat(create.getClaim("access")).isEqualTo("m");
    assertThat(Duration.between(create.getIssueTime().toInstant(), create.getExpirationTime().toInstant()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));

    // Spring AI 1.1 looks for its collection in the listing first: a global read token.
    JWTClaimsSet list = verifiedClaims(SERVER.calls("qdrant.Collections/List").get(0));
    assertThat(list.getClaim("access")).isEqualTo("r");
    assertThat(list.getJWTID()).isNotEqualTo(create.getJWTID());
  }

  @Test
  void searchesSeeTheirTenantOnlyMaskedAndTheManageTokenIsNotReused() throws Exception {
    kb.ingest("acme", List.of(KnowledgeBase.article("7b0c1b8e-0000-4000-8000-000000000001",
        "How to reset a password", "ann@acme.example")));
    kb.ingest("globex", List.of(KnowledgeBase.article("7b0c1b8e-0000-4000-8000-000000000002",
        "How to reset a password quickly", "bob@globex.example")));

    List<Document> found = kb.ask("acme", "reset password", 10);

    assertThat(found).singleElement().satisfies(doc -> {
      assertThat(doc.getText()).isEqualTo("How to reset a password");
      assertThat(doc.getMetadata()).containsEntry("tenant_id", "acme");
      assertThat(String.valueOf(doc.getMetadata().get("email"))).doesNotContain("ann").doesNotContain("@");
    });
    RecordedCall search = SERVER.calls("qdrant.Points/Search").get(0);
    assertThat(search.request().toString()).contains("tenant_id").contains("acme");
    assertThat(verifiedClaims(search).getClaim("access")).isEqualTo(List.of(Map.of("collection", "kb", "access", "r")));
    // No call after the create carried global manage.
    assertThat(SERVER.calls()).filteredOn(c -> !c.method().equals("qdrant.Collections/Create"))
        .filteredOn(c -> c.header("api-key") != null)
        .allSatisfy(c -> assertThat(verifiedClaims(c).getClaim("access")).isNotEqualTo("m"));
  }

  @Test
  void aWriteIntoAnotherTenantIsRefusedAndNothingIsSent() {
    int before = SERVER.calls().size();
    QdrantVectorStore store = QdrantVectorStore.builder(qdrant, embeddings).collectionName("kb").build();

    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> store.add(List.of(Document.builder().id("7b0c1b8e-0000-4000-8000-000000000003")
          .text("planted").metadata("tenant_id", "globex").build())))
          .hasRootCauseInstanceOf(StatusRuntimeException.class)
          .rootCause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
              .isEqualTo(Status.Code.PERMISSION_DENIED));
    }
    assertThat(SERVER.calls()).hasSize(before);
  }

  @Test
  void aTenantsOwnWriteIsRefusedWithThisQdrantClientBecauseItCannotBeConfined() {
    int before = SERVER.calls().size();
    QdrantVectorStore store = QdrantVectorStore.builder(qdrant, embeddings).collectionName("kb").build();

    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> store.add(List.of(Document.builder().id("7b0c1b8e-0000-4000-8000-000000000004")
          .text("own article").metadata("tenant_id", "acme").build())))
          .rootCause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).endsWith("qdrant.UpsertPoints of this Qdrant client has no"
                + " update_filter, so the write cannot be confined to the tenant; the policy's tenant filter"
                + " forbids it (use a Qdrant client whose protocol has update_filter, such as 1.18)");
          });
    }
    assertThat(SERVER.calls()).hasSize(before);
  }

  @Test
  void aDeniedCollectionIsRefusedAndNothingIsSent() {
    int before = SERVER.calls().size();
    // Another Spring AI store on the same (guarded) client bean, over a collection the policy does not grant.
    QdrantVectorStore salaries = QdrantVectorStore.builder(qdrant, embeddings).collectionName("hr-salaries").build();

    assertThatThrownBy(() -> KnowledgeBase.ask(salaries, "acme", "salary", 5))
        .hasRootCauseInstanceOf(StatusRuntimeException.class)
        .rootCause().satisfies(e -> {
          Status status = ((StatusRuntimeException) e).getStatus();
          assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(status.getDescription()).startsWith("Vectorguard refused");
        });
    assertThat(SERVER.calls()).hasSize(before);
  }

  @Test
  void everyCallIsInTheHashChainedAuditTrail() throws Exception {
    kb.ask("acme", "anything", 3);

    List<Path> files;
    try (Stream<Path> listing = Files.list(audit)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    AuditVerifier.Result result = AuditVerifier.verify(files);
    assertThat(result.ok()).as(result.summary()).isTrue();
    assertThat(result.eventsByType()).containsKeys("call.started", "call.completed");
    assertThat(String.join("\n", Files.readAllLines(files.get(0)))).contains("create_collection")
        .doesNotContain(API_KEY);
  }

  private static JWTClaimsSet verifiedClaims(RecordedCall call) {
    try {
      SignedJWT jwt = SignedJWT.parse(call.header("api-key"));
      assertThat(jwt.verify(new MACVerifier(API_KEY))).as("signed with Spring AI's Qdrant API key").isTrue();
      return jwt.getJWTClaimsSet();
    } catch (Exception e) {
      throw new AssertionError(call.method() + " carried no verifiable JWT: " + e, e);
    }
  }
}
