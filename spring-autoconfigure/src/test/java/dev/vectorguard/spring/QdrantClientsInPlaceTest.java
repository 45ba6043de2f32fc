package dev.vectorguard.spring;

import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.spring.actuate.VectorGuardEndpoint;
import dev.vectorguard.spring.actuate.VectorGuardEndpointAutoConfiguration;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.spring.grpc.VectorGuardGrpcAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Qdrant clients that someone else built (as Spring AI does, from host, port and key) are guarded
 * where they stand, over the testkit server's loopback port; one that cannot be is refused at start.
 */
class QdrantClientsInPlaceTest {
  private QdrantTestServer server;
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() {
    server = QdrantTestServer.start();
    server.createCollection("docs", Distance.Cosine);
    server.createCollection("secret", Distance.Cosine);
    runner = GuardedRunner.with(VectorGuardGrpcAutoConfiguration.class, VectorGuardEndpointAutoConfiguration.class)
        .withPropertyValues("management.endpoints.web.exposure.include=vectorguard")
        .withBean(QdrantTestServer.class, () -> server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientBuiltFromHostAndPortIsGuardedInPlaceKeepingItsTarget() {
    runner.withUserConfiguration(HostPortClientConfig.class).run(context -> {
      QdrantClient client = context.getBean(QdrantClient.class);
      assertThat(client).isNotSameAs(context.getBean(HostPortClientConfig.class).built);

      assertThat(failure(client, "secret").getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(server.calls("qdrant.Points/Search")).isEmpty();
      client.searchAsync(search("docs")).get();
      // Over the client's own channel (the loopback port), with the guard's credential instead of the app's key.
      assertThat(server.calls("qdrant.Points/Search")).singleElement()
          .satisfies(call -> assertThat(call.headerValues("api-key")).containsExactly("vg-static-token"));
      assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_STARTED)).hasSize(1);

      VectorGuardEndpoint.GuardDescriptor endpoint = context.getBean(VectorGuardEndpoint.class).vectorguard();
      assertThat(endpoint.clients()).singleElement().satisfies(c -> {
        assertThat(c.bean()).isEqualTo("qdrantClient");
        assertThat(c.status()).isEqualTo("guarded");
        assertThat(c.how()).isEqualTo("rebuilt over its own channel to 127.0.0.1:" + server.port()
            + " with the guard's interceptor");
      });
    });
  }

  @Test
  void theRebuiltClientKeepsItsOwnTimeout() {
    runner.withUserConfiguration(ShortTimeoutClientConfig.class).run(context -> {
      server.holdResponses();
      try {
        StatusRuntimeException late = failure(context.getBean(QdrantClient.class), "docs");
        assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(server.heldResponses()).isEqualTo(1);
      } finally {
        server.releaseResponses();
      }
    });
  }

  @Test
  void aQdrantGrpcClientBeanIsGuardedInPlaceToo() {
    runner.withUserConfiguration(GrpcClientConfig.class).run(context -> {
      QdrantClient client = new QdrantClient(context.getBean(QdrantGrpcClient.class));
      assertThat(failure(client, "secret").getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(context.getBean(GuardedClients.class).clients()).extracting(GuardedClients.Client::bean)
          .containsExactly("qdrantGrpcClient");
    });
  }

  @Test
  void aClientThatCannotBeRebuiltStopsTheStartNamingTheBeanAndTheFix() {
    runner.withUserConfiguration(SubclassConfig.class).run(context -> {
      assertThat(context).getFailure().rootCause()
          .isInstanceOf(VectorGuardConfigurationException.class)
          .hasMessage("The vector database client bean 'auditedQdrant' (" + AuditedQdrantClient.class.getName()
              + ") cannot be guarded: it is a subclass of QdrantClient, which the guard cannot rebuild over a"
              + " guarded channel without losing what the subclass adds.");
      // What Spring Boot prints when the application does not start.
      FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith("The vector database client bean 'auditedQdrant' (")
          .endsWith("The application was not started, so that no vector database call runs unguarded.");
      assertThat(analysis.getAction()).isEqualTo("Build its QdrantGrpcClient over a channel from"
          + " VectorGuardGrpc.guardedChannel(...). Or, to run it unguarded on purpose, add 'auditedQdrant' to"
          + " vectorguard.clients.unguarded-beans.");
      assertThat(server.calls("qdrant.Points/Search")).isEmpty();
    });
  }

  @Test
  void aClientListedAsUnguardedRunsUnguardedAndIsListedSo() {
    runner.withUserConfiguration(SubclassConfig.class)
        .withPropertyValues("vectorguard.clients.unguarded-beans=auditedQdrant")
        .run(context -> {
          context.getBean(QdrantClient.class).searchAsync(search("secret")).get();
          assertThat(server.lastCall().headerValues("api-key")).containsExactly("app-key");
          assertThat(context.getBean(VectorGuardEndpoint.class).vectorguard().clients()).singleElement()
              .satisfies(c -> {
                assertThat(c.status()).isEqualTo("unguarded");
                assertThat(c.how()).isEqualTo("named in vectorguard.clients.unguarded-beans");
              });
        });
  }

  @Test
  void anUnguardedNameThatMatchesNoBeanStopsTheStart() {
    runner.withUserConfiguration(HostPortClientConfig.class)
        .withPropertyValues("vectorguard.clients.unguarded-beans=qdrantClinet")
        .run(context -> assertThat(context).getFailure()
            .hasMessage("vectorguard.clients.unguarded-beans names 'qdrantClinet', but there is no bean of that name."));
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(enable(true)).build();
  }

  private static StatusRuntimeException failure(QdrantClient client, String collection) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> client.searchAsync(search(collection)).get());
    return (StatusRuntimeException) e.getCause();
  }

  /** As Spring AI's QdrantVectorStoreAutoConfiguration builds its client. */
  @Configuration(proxyBeanMethods = false)
  static class HostPortClientConfig {
    QdrantClient built;

    @Bean
    QdrantClient qdrantClient(QdrantTestServer server) {
      built = new QdrantClient(QdrantGrpcClient.newBuilder(server.host(), server.port(), false)
          .withApiKey("app-key").build());
      return built;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ShortTimeoutClientConfig {
    @Bean
    QdrantClient qdrantClient(QdrantTestServer server) {
      return new QdrantClient(QdrantGrpcClient.newBuilder(server.host(), server.port(), false)
          .withTimeout(java.time.Duration.ofMillis(300)).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class GrpcClientConfig {
    @Bean
    QdrantGrpcClient qdrantGrpcClient(QdrantTestServer server) {
      return QdrantGrpcClient.newBuilder(server.host(), server.port(), false).withApiKey("app-key").build();
    }
  }

  static class AuditedQdrantClient extends QdrantClient {
    AuditedQdrantClient(QdrantGrpcClient client) {
      super(client);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SubclassConfig {
    @Bean
    QdrantClient auditedQdrant(QdrantTestServer server) {
      return new AuditedQdrantClient(QdrantGrpcClient.newBuilder(server.host(), server.port(), false)
          .withApiKey("app-key").build());
    }
  }
}
