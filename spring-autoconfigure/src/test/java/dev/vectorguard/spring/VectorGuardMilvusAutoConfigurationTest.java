package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.spring.grpc.VectorGuardMilvusAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.testkit.MilvusTestServer;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Milvus SDK client beans guarded by configuration, against the testkit's loopback Milvus server. */
class VectorGuardMilvusAutoConfigurationTest {
  private MilvusTestServer server;
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() {
    server = MilvusTestServer.start();
    for (String collection : List.of("docs", "secret")) {
      server.createCollection(collection, 2, List.of("title"));
      server.insert(collection, List.of(row(1, 1f, 0f), row(2, 0f, 1f)));
    }
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardMilvusAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.token.type=static", "vectorguard.token.static.value=vg-static-token")
        .withBean(InMemoryAuditSink.class, InMemoryAuditSink::new)
        .withBean(MilvusTestServer.class, () -> server)
        .withUserConfiguration(ClientConfig.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aMilvusClientBeanIsGuardedByConfigurationAlone() {
    runner.run(context -> {
      MilvusClientV2 client = context.getBean(MilvusClientV2.class);
      server.clearCalls();
      client.search(search("docs"));
      assertThat(server.calls("Search")).singleElement().satisfies(call -> assertThat(call.headerValues("authorization"))
          .containsExactly(Base64.getEncoder().encodeToString("vg-static-token".getBytes(StandardCharsets.UTF_8))));

      assertThatThrownBy(() -> client.search(search("secret"))).isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("Vectorguard refused milvus search on [secret]");
      assertThat(server.calls("Search")).hasSize(1);
      assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
    });
  }

  @Test
  void aClientTheApplicationGuardedItselfIsNotGuardedTwice() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardMilvusAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml")
        .withBean(InMemoryAuditSink.class, InMemoryAuditSink::new)
        .withBean(MilvusTestServer.class, () -> server)
        .withUserConfiguration(SelfGuardedClientConfig.class)
        .run(context -> {
          context.getBean(MilvusClientV2.class).search(search("docs"));
          assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_STARTED)).hasSize(1);
        });
  }

  @Test
  void switchedOffClientsStayUnguarded() {
    runner.withPropertyValues("vectorguard.clients.milvus=false").run(context -> {
      assertThat(context).hasSingleBean(MilvusGuard.class);
      server.clearCalls();
      context.getBean(MilvusClientV2.class).search(search("secret"));
      assertThat(server.calls("Search")).hasSize(1);
      assertThat(context.getBean(InMemoryAuditSink.class).events()).isEmpty();
    });
  }

  @Test
  void theAdapterIsABeanThatCanBeReplaced() {
    runner.withUserConfiguration(OwnGuardConfig.class).run(context -> assertThat(context.getBean(MilvusGuard.class))
        .isSameAs(context.getBean(OwnGuardConfig.class).own));
  }

  @Test
  void backsOffWithoutTheSdkOrWhenDisabled() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardMilvusAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.audit.sink=none")
        .withClassLoader(new FilteredClassLoader(MilvusClientV2.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class).doesNotHaveBean(MilvusGuard.class));
    runner.withPropertyValues("vectorguard.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(MilvusGuard.class);
      server.clearCalls();
      context.getBean(MilvusClientV2.class).search(search("secret"));
      assertThat(server.calls("Search")).hasSize(1);
    });
  }

  private static SearchReq search(String collection) {
    return SearchReq.builder().collectionName(collection).annsField("vector")
        .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(10).outputFields(List.of("title")).build();
  }

  private static Map<String, Object> row(long id, float... vector) {
    List<Float> values = new ArrayList<>();
    for (float f : vector) {
      values.add(f);
    }
    return new LinkedHashMap<>(Map.of("id", id, "title", "doc " + id, "vector", values));
  }

  @Configuration(proxyBeanMethods = false)
  static class ClientConfig {
    @Bean(destroyMethod = "close")
    MilvusClientV2 milvus(MilvusTestServer server) {
      return new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SelfGuardedClientConfig {
    @Bean(destroyMethod = "close")
    MilvusClientV2 milvus(MilvusTestServer server, VectorGuard guard) {
      return MilvusGuard.create(guard).connect(ConnectConfig.builder().uri(server.uri()).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGuardConfig {
    MilvusGuard own;

    @Bean
    MilvusGuard ownMilvusGuard(VectorGuard guard) {
      own = MilvusGuard.create(guard);
      return own;
    }
  }
}
