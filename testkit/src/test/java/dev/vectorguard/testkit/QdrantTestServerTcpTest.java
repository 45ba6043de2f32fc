package dev.vectorguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official client reaches the test server by host and port, as Spring AI's Qdrant store does. */
class QdrantTestServerTcpTest {

  @Test
  void theOfficialClientWorksOverTheLoopbackPort() throws Exception {
    try (QdrantTestServer server = QdrantTestServer.start();
        QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder(server.host(), server.port(), false)
            .withApiKey("key-1").build())) {
      // What Spring AI's QdrantVectorStore calls at start with initialize-schema=true.
      assertThat(client.collectionExistsAsync("docs").get()).isFalse();
      client.createCollectionAsync("docs", VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine).build())
          .get();
      assertThat(client.collectionExistsAsync("docs").get()).isTrue();

      client.upsertAsync("docs", List.of(PointStruct.newBuilder().setId(PointIdFactory.id(1))
          .setVectors(VectorsFactory.vectors(1f, 0f)).putAllPayload(Map.of("t", ValueFactory.value("a"))).build()))
          .get();
      List<ScoredPoint> hits = client.searchAsync(SearchPoints.newBuilder().setCollectionName("docs")
          .addAllVector(List.of(1f, 0f)).setLimit(5).build()).get();

      assertThat(hits).extracting(p -> p.getId().getNum()).containsExactly(1L);
      assertThat(server.lastCall().method()).isEqualTo("qdrant.Points/Search");
      assertThat(server.lastCall().header("api-key")).isEqualTo("key-1");
      assertThat(server.points("docs")).hasSize(1);
    }
  }

  @Test
  void itListensOnTheLoopbackAddressOnly() {
    try (QdrantTestServer server = QdrantTestServer.start()) {
      assertThat(server.port()).isPositive();
      assertThat(server.tcpAddresses()).isNotEmpty().allSatisfy(address ->
          assertThat(((InetSocketAddress) address).getAddress().isLoopbackAddress()).isTrue());
    }
  }
}
