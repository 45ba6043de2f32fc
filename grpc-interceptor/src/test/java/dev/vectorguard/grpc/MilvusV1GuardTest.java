package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.client.MilvusServiceClient;
import io.milvus.grpc.QueryResults;
import io.milvus.param.ConnectParam;
import io.milvus.param.R;
import io.milvus.param.dml.QueryParam;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The v1 {@code MilvusServiceClient}, guarded by replacing its private stubs. */
class MilvusV1GuardTest {

  @Test
  void v1QueriesAreDecidedConfinedAndCarryTheGuardsCredentialFirst() {
    try (MilvusTestServer server = MilvusTestServer.start()) {
      server.createCollection("docs", 2, List.of("tenant", "email", "title"));
      server.insert("docs", List.of(MilvusFixture.row(1, "acme", "a@acme.io", 1f, 0f),
          MilvusFixture.row(2, "globex", "b@globex.io", 0f, 1f)));
      InMemoryAuditSink audit = new InMemoryAuditSink();
      VectorGuard guard = VectorGuard.builder(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"),
              AccessLevel.READ, Obligations.NONE, "tenant").build())
          .workload(Workload.configured("spiffe://test/ns/app/sa/rag"))
          .tokenSource(TestTokens.perScope()).auditSink(audit).build();
      MilvusServiceClient client = MilvusGuard.create(guard).wrap(new MilvusServiceClient(
          ConnectParam.newBuilder().withHost("127.0.0.1").withPort(server.port()).build()));
      try {
        server.clearCalls();
        QueryParam query = QueryParam.newBuilder().withCollectionName("docs").withExpr("id > 0")
            .withOutFields(List.of("tenant")).build();
        R<QueryResults> acme;
        try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
          acme = client.withTimeout(5, java.util.concurrent.TimeUnit.SECONDS).query(query);
        }
        R<QueryResults> anonymous = client.query(query);

        assertThat(acme.getStatus()).isZero();
        assertThat(acme.getData().getFieldsDataList()).filteredOn(f -> f.getFieldName().equals("tenant"))
            .singleElement().satisfies(f -> assertThat(f.getScalars().getStringData().getDataList())
                .containsExactly("acme"));
        assertThat(anonymous.getStatus()).isNotZero();
        assertThat(audit.ofType(dev.vectorguard.audit.AuditEvent.CALL_REFUSED)).hasSize(1);
        assertThat(anonymous.getException()).hasMessageContaining("Vectorguard refused milvus query on [docs]");
        assertThat(server.calls("Query")).singleElement().satisfies(c -> assertThat(c.headerValues("authorization"))
            .first().isEqualTo(Base64.getEncoder().encodeToString("tok:docs:read".getBytes(StandardCharsets.UTF_8))));
      } finally {
        client.close();
      }
    }
  }
}
