package dev.vectorguard.samples.boot4;

import dev.vectorguard.testkit.QdrantTestServer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Boot 4 application with a Qdrant client built from host and port, as frameworks build theirs. */
@SpringBootApplication
class Boot4Application {

  @Bean(destroyMethod = "close")
  QdrantTestServer qdrantServer() {
    return QdrantTestServer.start();
  }

  @Bean
  QdrantClient qdrantClient(QdrantTestServer server) {
    return new QdrantClient(QdrantGrpcClient.newBuilder(server.host(), server.port(), false).build());
  }
}
