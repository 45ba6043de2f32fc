package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.okhttp.VectorGuardRefusedIOException;
import dev.vectorguard.spring.okhttp.VectorGuardOkHttpAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** OkHttp client beans guarded by configuration, against a MockWebServer playing Qdrant's REST API. */
class VectorGuardOkHttpAutoConfigurationTest {
  private static final MediaType JSON = MediaType.get("application/json");

  private final MockWebServer server = new MockWebServer();
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    server.start();
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardOkHttpAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.token.type=static", "vectorguard.token.static.value=vg-static-token",
            "vectorguard.backends.qdrant=" + server.url("/"))
        .withBean(InMemoryAuditSink.class, InMemoryAuditSink::new);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyOkHttpClientBeanIsGuardedByConfigurationAlone() {
    runner.withUserConfiguration(ClientConfig.class).run(context -> {
      OkHttpClient client = context.getBean(OkHttpClient.class);
      assertThat(guardInterceptors(client)).isEqualTo(1);

      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"result\":[],\"status\":\"ok\",\"time\":0.001}").build());
      try (Response response = client.newCall(post("/collections/docs/points/search", "{\"vector\":[1,0],\"limit\":3}")
          .header("api-key", "app-own-key").build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.getHeaders().values("api-key")).containsExactly("vg-static-token");

      VectorGuardRefusedIOException refused = catchThrowableOfType(VectorGuardRefusedIOException.class,
          () -> client.newCall(post("/collections/docs/points/delete", "{\"points\":[1]}").build()).execute());
      assertThat(refused.decision().effect().id()).isEqualTo("deny");
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(context.getBean(InMemoryAuditSink.class).events()).extracting(AuditEvent::type)
          .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED, AuditEvent.CALL_REFUSED);
    });
  }

  @Test
  void aClientGuardedAlreadyIsLeftAlone() {
    runner.withUserConfiguration(PreGuardedConfig.class).run(context -> {
      assertThat(context.getBean("preGuarded")).isSameAs(context.getBean(PreGuardedConfig.class).client);
      assertThat(guardInterceptors(context.getBean("preGuarded", OkHttpClient.class))).isEqualTo(1);
      assertThat(guardInterceptors(context.getBean("derived", OkHttpClient.class))).isEqualTo(1);
    });
  }

  @Test
  void theInterceptorAndAdapterAreBeansAndCanBeReplaced() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(VectorGuardOkHttp.class).hasBean("vectorGuardOkHttpInterceptor");
      assertThat(context.getBean("vectorGuardOkHttpInterceptor"))
          .isSameAs(context.getBean(VectorGuardOkHttp.class).interceptor());
    });
    runner.withUserConfiguration(OwnAdapterConfig.class).run(context -> assertThat(context.getBean(VectorGuardOkHttp.class))
        .isSameAs(context.getBean(OwnAdapterConfig.class).adapter));
  }

  @Test
  void switchedOffClientsStayAsTheyAre() {
    runner.withUserConfiguration(ClientConfig.class).withPropertyValues("vectorguard.clients.okhttp=false")
        .run(context -> assertThat(guardInterceptors(context.getBean(OkHttpClient.class))).isZero());
    runner.withUserConfiguration(ClientConfig.class).withPropertyValues("vectorguard.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorGuardOkHttp.class)
            .getBean(OkHttpClient.class).satisfies(client -> assertThat(guardInterceptors(client)).isZero()));
  }

  @Test
  void aClientBeanWithoutAnyBaseUrlStopsTheStart() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardOkHttpAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.audit.sink=none")
        .withUserConfiguration(ClientConfig.class)
        .run(context -> {
          FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).startsWith("The OkHttpClient bean 'client' would run unguarded:"
              + " vectorguard.backends names no base URL to guard.\n");
        });
  }

  @Test
  void withoutClientBeansOrBaseUrlsNothingIsRequired() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardOkHttpAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml",
            "vectorguard.audit.sink=none")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorGuardOkHttp.class));
  }

  @Test
  void backsOffWithoutOkHttpOrTheAdapter() {
    runner.withClassLoader(new FilteredClassLoader(OkHttpClient.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class).doesNotHaveBean(VectorGuardOkHttp.class));
    runner.withClassLoader(new FilteredClassLoader(VectorGuardOkHttp.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class).doesNotHaveBean("vectorGuardOkHttpInterceptor"));
  }

  @Test
  void aBadBaseUrlIsNamed() {
    runner.withPropertyValues("vectorguard.backends.chroma=ftp://chroma:21").run(context -> assertThat(context)
        .getFailure().rootCause().isInstanceOf(VectorGuardConfigurationException.class)
        .hasMessage("vectorguard.backends.chroma has a base URL that is not an http or https URL: ftp://chroma:21"));
  }

  private Request.Builder post(String path, String body) {
    return new Request.Builder().url(server.url(path)).post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
  }

  private static long guardInterceptors(OkHttpClient client) {
    return client.interceptors().stream()
        .filter(i -> i.getClass().getName().startsWith("dev.vectorguard.okhttp.")).count();
  }

  @Configuration(proxyBeanMethods = false)
  static class ClientConfig {
    @Bean
    OkHttpClient client() {
      return new OkHttpClient();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PreGuardedConfig {
    OkHttpClient client;

    @Bean
    OkHttpClient preGuarded(VectorGuardOkHttp okHttp) {
      client = okHttp.wrap(new OkHttpClient());
      return client;
    }

    @Bean
    OkHttpClient derived(OkHttpClient preGuarded) {
      return preGuarded.newBuilder().build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnAdapterConfig {
    VectorGuardOkHttp adapter;

    @Bean
    VectorGuardOkHttp adapter(VectorGuard guard) {
      adapter = VectorGuardOkHttp.builder(guard).passThrough(okhttp3.HttpUrl.get("http://elsewhere/")).build();
      return adapter;
    }
  }
}
