package dev.vectorguard.spring;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.grpc.VectorGuardGrpcAutoConfiguration;
import dev.vectorguard.spring.grpc.VectorGuardQdrantAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** gRPC channels and Qdrant clients guarded by configuration, with the official client and the testkit server. */
class VectorGuardGrpcAutoConfigurationTest {
  private QdrantTestServer server;
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() {
    server = QdrantTestServer.start();
    server.createCollection("docs", Distance.Cosine);
    server.createCollection("secret", Distance.Cosine);
    server.upsert("docs", List.of(point(1, 1f, 0f), point(2, 0f, 1f)));
    server.upsert("secret", List.of(point(1, 1f, 0f)));
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardGrpcAutoConfiguration.class, VectorGuardQdrantAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.token.type=static", "vectorguard.token.static.value=vg-static-token")
        .withBean(InMemoryAuditSink.class, InMemoryAuditSink::new)
        .withBean(QdrantTestServer.class, () -> server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNamedChannelBeanIsGuardedAndTheClientBuiltOnItObeysThePolicy() {
    runner.withUserConfiguration(ChannelConfig.class)
        .withPropertyValues("vectorguard.clients.grpc-channels=qdrantChannel")
        .run(context -> {
          QdrantClient client = context.getBean(QdrantClient.class);
          List<ScoredPoint> hits = client.searchAsync(search("docs")).get();
          assertThat(hits).hasSize(2);
          assertThat(server.lastCall().headerValues("api-key")).containsExactly("vg-static-token");

          StatusRuntimeException denied = failure(client.searchAsync(search("secret")));
          assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(server.calls("qdrant.Points/Search")).hasSize(1);
          assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
        });
  }

  @Test
  void aNameThatMatchesNoChannelStopsTheStart() {
    runner.withUserConfiguration(ChannelConfig.class)
        .withPropertyValues("vectorguard.clients.grpc-channels=qdrantChanel",
            "vectorguard.clients.unguarded-beans=qdrantChannel")
        .run(context -> assertThat(context).getFailure()
            .isInstanceOf(VectorGuardConfigurationException.class)
            .hasMessage("vectorguard.clients.grpc-channels names 'qdrantChanel', but there is no ManagedChannel bean"
                + " of that name to guard."));
  }

  @Test
  void aChannelNeitherNamedNorListedAsUnguardedStopsTheStart() {
    runner.withUserConfiguration(ChannelConfig.class).run(context -> assertThat(context).getFailure()
        .rootCause().isInstanceOf(VectorGuardConfigurationException.class)
        .hasMessageStartingWith("The vector database client bean 'qdrantChannel' (")
        .hasMessageEndingWith(") cannot be guarded: it is a gRPC channel not named in"
            + " vectorguard.clients.grpc-channels, so its calls would leave unguarded."));
  }

  @Test
  void aChannelListedAsUnguardedIsLeftAloneButTheQdrantClientOnItIsGuardedInPlace() {
    runner.withUserConfiguration(ChannelConfig.class)
        .withPropertyValues("vectorguard.clients.unguarded-beans=qdrantChannel")
        .run(context -> {
          assertThat(context.getBean("qdrantChannel")).isSameAs(context.getBean(ChannelConfig.class).raw);
          QdrantClient client = context.getBean(QdrantClient.class);
          assertThat(failure(client.searchAsync(search("secret"))).getStatus().getCode())
              .isEqualTo(Status.Code.PERMISSION_DENIED);
          client.searchAsync(search("docs")).get();
          assertThat(server.lastCall().headerValues("api-key")).containsExactly("vg-static-token");
          assertThat(context.getBean(dev.vectorguard.spring.clients.GuardedClients.class).clients())
              .extracting(c -> c.bean() + "=" + c.status())
              .containsExactly("qdrantChannel=unguarded", "qdrantClient=guarded");
        });
  }

  @Test
  void aChannelGuardedAlreadyIsNotGuardedTwice() {
    runner.withUserConfiguration(PreGuardedChannelConfig.class)
        .withPropertyValues("vectorguard.clients.grpc-channels=qdrantChannel")
        .run(context -> {
          assertThat(context.getBean("qdrantChannel")).isSameAs(context.getBean(PreGuardedChannelConfig.class).guarded);
          new QdrantClient(QdrantGrpcClient.newBuilder(context.getBean(ManagedChannel.class), false, false).build())
              .searchAsync(search("docs")).get();
          assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_STARTED)).hasSize(1);
        });
  }

  @Test
  void theAdapterAndInterceptorAreBeansAndCanBeReplaced() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(VectorGuardGrpc.class).hasBean("vectorGuardGrpcInterceptor");
      assertThat(context.getBean("vectorGuardGrpcInterceptor")).isSameAs(
          context.getBean(VectorGuardGrpc.class).newClientInterceptor());
    });
    runner.withBean("vectorGuardGrpcInterceptor", ClientInterceptor.class, () -> new ClientInterceptor() {
      @Override
      public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
          io.grpc.CallOptions options, io.grpc.Channel next) {
        return next.newCall(method, options);
      }
    }).run(context -> assertThat(context.getBean("vectorGuardGrpcInterceptor").getClass().getName())
        .doesNotStartWith("dev.vectorguard.grpc."));
  }

  @Test
  void aQdrantClientFromPropertiesHasTheGuardInItsChannel() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("vectorguard.qdrant.host=127.0.0.1", "vectorguard.qdrant.port=" + closedPort,
        "vectorguard.qdrant.timeout=2s").run(context -> {
          QdrantClient client = context.getBean(QdrantClient.class);
          // refused by the guard before any connection is tried
          assertThat(failure(client.searchAsync(search("secret"))).getStatus().getCode())
              .isEqualTo(Status.Code.PERMISSION_DENIED);
          // allowed, so it goes to the network: nothing listens there
          assertThat(failure(client.searchAsync(search("docs"))).getStatus().getCode())
              .isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_STARTED)).hasSize(1);
        });
  }

  @Test
  void noQdrantClientWithoutAHostOrTheClientJar() {
    runner.run(context -> assertThat(context).doesNotHaveBean(QdrantClient.class));
    runner.withPropertyValues("vectorguard.qdrant.host=127.0.0.1")
        .withClassLoader(new FilteredClassLoader(QdrantClient.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuardGrpc.class).doesNotHaveBean("qdrantClient"));
  }

  @Test
  void aBadPortIsNamed() {
    runner.withPropertyValues("vectorguard.qdrant.host=qdrant", "vectorguard.qdrant.port=70000")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessage("vectorguard.qdrant needs a host and a port between 1 and 65535, but was host 'qdrant',"
                + " port 70000."));
  }

  @Test
  void backsOffWithoutGrpcOrWhenDisabled() {
    runner.withClassLoader(new FilteredClassLoader(ClientInterceptor.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class).doesNotHaveBean(VectorGuardGrpc.class));
    runner.withPropertyValues("vectorguard.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorGuardGrpc.class));
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(enable(true)).build();
  }

  private static PointStruct point(long id, float... vector) {
    return PointStruct.newBuilder().setId(id(id)).setVectors(vectors(vector))
        .putAllPayload(Map.of("title", value("doc " + id))).build();
  }

  private static StatusRuntimeException failure(Future<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get);
    assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
    return (StatusRuntimeException) e.getCause();
  }

  @Configuration(proxyBeanMethods = false)
  static class ChannelConfig {
    ManagedChannel raw;

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel qdrantChannel(QdrantTestServer server) {
      raw = server.newChannel();
      return raw;
    }

    @Bean(destroyMethod = "close")
    QdrantClient qdrantClient(ManagedChannel qdrantChannel) {
      return new QdrantClient(QdrantGrpcClient.newBuilder(qdrantChannel, false, false).withApiKey("app-own-key").build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PreGuardedChannelConfig {
    ManagedChannel guarded;

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel qdrantChannel(QdrantTestServer server, VectorGuardGrpc grpc) {
      guarded = grpc.guardedChannel(server.newChannel());
      return guarded;
    }
  }
}
