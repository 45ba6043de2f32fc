package dev.vectorguard.samples.spring;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.ManagedChannel;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Stands in for a real Qdrant when {@code sample.embedded-qdrant} is true (the default): starts the
 * testkit's in-process Qdrant-compatible server, seeds a {@code docs} collection with two tenants'
 * points, and defines the application's own channel and client beans over it.
 *
 * <p>Nothing here touches Vectorguard's API. The in-process server has no network address, so the
 * auto-configured client of {@code vectorguard.qdrant.*} cannot reach it; instead the channel bean
 * is named in {@code vectorguard.clients.grpc-channels} (from {@code embedded-qdrant.properties},
 * read only while this configuration is active), and the starter guards it. The client bean below
 * replaces the auto-configured one, which backs off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.embedded-qdrant", havingValue = "true", matchIfMissing = true)
@PropertySource("classpath:embedded-qdrant.properties")
class EmbeddedQdrantConfiguration {
  static final String DOCS = "docs";

  @Bean(destroyMethod = "close")
  QdrantTestServer qdrantTestServer() {
    QdrantTestServer server = QdrantTestServer.start();
    server.createCollection(DOCS, Distance.Cosine);
    server.upsert(DOCS, List.of(
        point(1, "tenant-a", "ada@tenant-a.example", "Refund policy", 1f, 0f, 0f, 0f),
        point(2, "tenant-a", "alan@tenant-a.example", "Shipping times", 0.9f, 0.1f, 0f, 0f),
        point(3, "tenant-b", "bea@tenant-b.example", "Salary bands", 1f, 0f, 0f, 0.1f),
        point(4, "tenant-b", "bob@tenant-b.example", "Board minutes", 0.8f, 0.2f, 0f, 0f)));
    return server;
  }

  /** Guarded by the starter, because application properties name it in grpc-channels. */
  @Bean(destroyMethod = "shutdownNow")
  ManagedChannel qdrantChannel(QdrantTestServer server) {
    return server.newChannel();
  }

  @Bean(destroyMethod = "close")
  QdrantClient qdrantClient(ManagedChannel qdrantChannel) {
    return new QdrantClient(QdrantGrpcClient.newBuilder(qdrantChannel, false, false).build());
  }

  private static PointStruct point(long id, String tenant, String email, String title, float... vector) {
    return PointStruct.newBuilder()
        .setId(id(id))
        .setVectors(vectors(vector))
        .putAllPayload(Map.of("tenant_id", value(tenant), "email", value(email), "title", value(title)))
        .build();
  }
}
