package dev.vectorguard.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Points.ScoredPoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample as it starts by default (embedded Qdrant, {@code application.yaml} unchanged): its
 * {@link QdrantClient} bean is guarded by configuration alone.
 */
@SpringBootTest
class SampleApplicationTest {

  @Autowired
  QdrantClient qdrant;

  @Autowired
  QdrantTestServer server;

  @Test
  void searchReturnsOnlyTheTenantsPointsMaskedAndWithoutVectors() throws Exception {
    List<ScoredPoint> points = SearchRunner.search(qdrant, "docs", "tenant-a");

    assertThat(points).extracting(p -> p.getId().getNum()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(points).extracting(p -> SearchRunner.text(p, "tenant_id")).containsOnly("tenant-a");
    assertThat(points).extracting(p -> SearchRunner.text(p, "title"))
        .containsExactlyInAnyOrder("Refund policy", "Shipping times");
    assertThat(points).extracting(p -> SearchRunner.text(p, "email"))
        .allSatisfy(email -> assertThat(email).startsWith("hmac:").doesNotContain("@"));
    assertThat(points).noneMatch(ScoredPoint::hasVectors);
    // The filter went to the server: tenant B's points never left it.
    assertThat(server.lastCall().request().toString()).contains("tenant_id").contains("tenant-a");
  }

  @Test
  void eachCallCarriesAJwtMintedFromTheApiKeyNeverTheKeyItself() throws Exception {
    SearchRunner.search(qdrant, "docs", "tenant-a");

    assertThat(server.lastCall().headerValues("api-key")).singleElement()
        .satisfies(token -> assertThat(token.split("\\.")).hasSize(3))
        .isNotEqualTo("sample-api-key-for-the-embedded-server-only");
  }

  @Test
  void searchingAnotherCollectionIsRefusedAndNothingIsSent() {
    int before = server.calls().size();

    assertThatThrownBy(() -> SearchRunner.search(qdrant, "hr-salaries", "tenant-a"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).startsWith("Vectorguard refused");
        });
    assertThat(server.calls()).hasSize(before);
  }
}
