package dev.vectorguard.samples.boot4;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;

/** The starter, compiled against Boot 3, starts and guards in a Boot 4 application. */
@SpringBootTest
class Boot4StarterTest {

  @Autowired
  QdrantClient qdrant;

  @Autowired
  QdrantTestServer server;

  @Autowired
  VectorGuard guard;

  @Autowired
  GuardedClients clients;

  @Test
  void runsOnSpringBoot4() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
    assertThat(guard.policy().version()).isNotBlank();
    assertThat(clients.clients()).extracting(c -> c.bean() + "=" + c.status()).containsExactly("qdrantClient=guarded");
  }

  @Test
  void theApplicationsClientIsGuardedInPlace() throws Exception {
    server.createCollection("docs", Distance.Cosine);
    server.createCollection("hr", Distance.Cosine);
    server.upsert("docs", List.of(PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1f, 0f))
        .putAllPayload(Map.of("email", value("ann@acme.example"))).build()));

    List<ScoredPoint> hits = qdrant.searchAsync(search("docs")).get();
    assertThat(hits).singleElement()
        .satisfies(p -> assertThat(p.getPayloadMap().get("email").getStringValue()).doesNotContain("ann"));

    int before = server.calls().size();
    assertThatThrownBy(() -> qdrant.searchAsync(search("hr")).get())
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThat(server.calls()).hasSize(before);
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(5)
        .setWithPayload(enable(true)).build();
  }
}
