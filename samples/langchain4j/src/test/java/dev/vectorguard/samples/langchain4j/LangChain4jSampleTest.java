package dev.vectorguard.samples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.resttest.ChromaServer;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import io.qdrant.client.grpc.Collections.Distance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample run through the guard against a real Chroma server and the testkit's Qdrant server. */
class LangChain4jSampleTest {
  @RegisterExtension
  static final ChromaServer CHROMA = new ChromaServer();

  @Test
  void eachTenantSeesOnlyItsOwnNotesMaskedADeniedCollectionIsRefusedAndAllIsAudited() throws Exception {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    ChromaServer.Database db = CHROMA.database();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (QdrantTestServer qdrant = QdrantTestServer.start();
        VectorGuard guard = VectorGuard.builder(LangChain4jSample.policy())
            .workload(Workload.configured("spiffe://sample/sa/kb")).auditSink(audit).build()) {
      qdrant.createCollection(LangChain4jSample.COLLECTION, Distance.Cosine);
      try (KnowledgeBase kb = new KnowledgeBase(guard, new KnowledgeBase.ChromaTarget(db.url(), db.tenant(),
          db.name()), qdrant.newChannel())) {
        LangChain4jSample.run(kb, new PrintStream(printed, true, StandardCharsets.UTF_8));
      }
    }

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.subList(0, lines.size() - 1)).containsExactly(
        "chroma acme: acme renews in May <[REDACTED]>",
        "chroma acme: acme pays by card <[REDACTED]>",
        "chroma globex: globex churns <[REDACTED]>",
        "qdrant acme: acme renews in May <[REDACTED]>",
        "qdrant acme: acme pays by card <[REDACTED]>",
        "qdrant globex: globex churns <[REDACTED]>");
    // The store looks the collection up, takes the refusal for "missing" (LangChain4j 1.11 swallows it), then
    // tries to create it: both refused.
    assertThat(lines.get(lines.size() - 1)).startsWith("chroma payroll: Vectorguard refused chroma create_collection"
        + " on [payroll]: no rule matched");
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("call.backend"))
        .contains("chroma", "qdrant");
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).extracting(e -> e.get("call.operation"), e -> e.get("call.collections"))
        .containsExactly(tuple("describe_collection", List.of("payroll")), tuple("create_collection", List.of("payroll")));
  }
}
