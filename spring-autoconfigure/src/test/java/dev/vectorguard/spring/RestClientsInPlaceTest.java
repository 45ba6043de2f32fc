package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.CallRefusedException;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.spring.web.VectorGuardSpringWebAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * {@code RestClient.Builder}, {@code RestClient} and {@code RestTemplate} beans guarded where they
 * stand, against a MockWebServer playing Qdrant's REST API (what each REST dialect does is the REST
 * contract's concern; this is about which beans get the guard).
 */
class RestClientsInPlaceTest {
  private static final String SEARCH = "{\"vector\":[1,0],\"limit\":3}";

  private final MockWebServer server = new MockWebServer();
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() throws IOException {
    server.start();
    runner = GuardedRunner.with(VectorGuardSpringWebAutoConfiguration.class).withUserConfiguration(RestConfig.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyRestBeanIsGuardedWhereItStands() {
    runner.withPropertyValues("vectorguard.backends.qdrant=" + server.url("/")).run(context -> {
      RestClient fromBuilder = context.getBean(RestClient.Builder.class).baseUrl(server.url("/").toString()).build();
      RestClient client = context.getBean(RestClient.class);
      RestTemplate template = context.getBean(RestTemplate.class);

      search(fromBuilder, "docs");
      search(client, "docs");
      template.postForObject(server.url("/collections/docs/points/search").uri(), json(SEARCH), String.class);
      for (int i = 0; i < 3; i++) {
        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getHeaders().values("api-key")).containsExactly("vg-static-token");
      }

      assertThatThrownBy(() -> search(client, "secret")).isInstanceOf(CallRefusedException.class);
      assertThat(server.getRequestCount()).isEqualTo(3);
      assertThat(context.getBean(InMemoryAuditSink.class).ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
      assertThat(context.getBean(GuardedClients.class).clients()).extracting(c -> c.bean() + "=" + c.status())
          .containsExactly("restClient=guarded", "restClientBuilder=guarded", "restTemplate=guarded");
    });
  }

  @Test
  void springAisChromaPropertiesNameAChromaBackendAndOtherUrlsAreRefused() {
    runner.withPropertyValues("spring.ai.vectorstore.chroma.client.host=http://" + server.getHostName(),
        "spring.ai.vectorstore.chroma.client.port=" + server.getPort()).run(context -> {
          RestClient client = context.getBean(RestClient.class);
          // Read as a Chroma call (the policy grants Chroma nothing), so refused before anything is sent.
          assertThatThrownBy(() -> client.get().uri(server.url("/api/v2/collections").uri()).retrieve()
              .body(String.class)).isInstanceOf(CallRefusedException.class).hasMessageContaining("chroma");
          assertThatThrownBy(() -> client.get().uri("http://127.0.0.1:1/elsewhere").retrieve().body(String.class))
              .isInstanceOf(dev.vectorguard.VectorGuardException.class);
          assertThat(server.getRequestCount()).isZero();
        });
  }

  @Test
  void withoutABaseUrlNothingIsChangedAndAListedBeanIsLeftAlone() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(dev.vectorguard.springweb.VectorGuardSpringWeb.class);
      assertThat(context.getBean(RestTemplate.class).getInterceptors()).isEmpty();
    });
    runner.withPropertyValues("vectorguard.backends.qdrant=" + server.url("/"),
        "vectorguard.clients.unguarded-beans=restTemplate").run(context -> {
          assertThat(context.getBean(RestTemplate.class).getInterceptors()).isEmpty();
          assertThat(context.getBean(GuardedClients.class).clients()).extracting(c -> c.bean() + "=" + c.status())
              .contains("restTemplate=unguarded");
        });
  }

  private void search(RestClient client, String collection) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"result\":[],\"status\":\"ok\",\"time\":0.001}").build());
    client.post().uri(server.url("/collections/" + collection + "/points/search").uri())
        .contentType(MediaType.APPLICATION_JSON).body(SEARCH).retrieve().body(String.class);
  }

  private org.springframework.http.HttpEntity<String> json(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"result\":[],\"status\":\"ok\",\"time\":0.001}").build());
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new org.springframework.http.HttpEntity<>(body, headers);
  }

  /** The shapes Boot and frameworks declare: a prototype builder, a built client, a template. */
  @Configuration(proxyBeanMethods = false)
  static class RestConfig {
    @Bean
    @Scope("prototype")
    RestClient.Builder restClientBuilder() {
      return RestClient.builder();
    }

    @Bean
    RestClient restClient() {
      return RestClient.builder().defaultHeader("api-key", "app-own-key").build();
    }

    @Bean
    RestTemplate restTemplate() {
      return new RestTemplate();
    }
  }
}
