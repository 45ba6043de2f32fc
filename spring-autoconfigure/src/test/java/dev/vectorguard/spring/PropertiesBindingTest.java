package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.policy.PolicyMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Every property binds to its own field (each value has a different magnitude, so a mix-up shows),
 * later property sources win in Spring's usual order, and no secret shows in {@code toString}.
 */
class PropertiesBindingTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(Config.class);

  @Test
  void everyPropertyBindsToItsOwnField() {
    runner.withPropertyValues(
        "vectorguard.enabled=true",
        "vectorguard.mode=monitor",
        "vectorguard.policy.location=classpath:p.yaml",
        "vectorguard.policy.reload=true",
        "vectorguard.policy.reload-interval=250ms",
        "vectorguard.workload.id=spiffe://acme.io/sa/rag",
        "vectorguard.token.type=qdrant-jwt",
        "vectorguard.token.static.value=static-secret-1",
        "vectorguard.token.file.path=/var/run/token",
        "vectorguard.token.oauth2.token-uri=https://idp.example/token",
        "vectorguard.token.oauth2.client-id=rag-client",
        "vectorguard.token.oauth2.client-secret=oauth-secret-2",
        "vectorguard.token.oauth2.scope=vectors:read",
        "vectorguard.token.oauth2.audience=qdrant",
        "vectorguard.token.qdrant-jwt.signing-key=signing-secret-3",
        "vectorguard.token.qdrant-jwt.ttl=7m",
        "vectorguard.audit.mode=best-effort",
        "vectorguard.audit.sink=file",
        "vectorguard.audit.logger-name=audit.trail",
        "vectorguard.audit.file.directory=/var/log/vg",
        "vectorguard.audit.file.base-name=trail",
        "vectorguard.audit.file.max-size=3MB",
        "vectorguard.audit.file.max-age=90m",
        "vectorguard.audit.file.flush=interval",
        "vectorguard.audit.file.flush-interval=40ms",
        "vectorguard.audit.file.fsync=true",
        "vectorguard.audit.async.enabled=true",
        "vectorguard.audit.async.capacity=12345",
        "vectorguard.audit.async.overflow=drop",
        "vectorguard.mask.hash-key=hash-secret-4",
        "vectorguard.mask.marker=<gone>",
        "vectorguard.backends.qdrant=http://q1:6333,http://q2:6333/prefix",
        "vectorguard.backends.milvus=http://m:19530",
        "vectorguard.backends.chroma=http://c:8000",
        "vectorguard.backends.pass-through=https://embeddings.example",
        "vectorguard.qdrant.host=qdrant.internal",
        "vectorguard.qdrant.port=16334",
        "vectorguard.qdrant.tls=true",
        "vectorguard.qdrant.timeout=3s",
        "vectorguard.clients.okhttp=false",
        "vectorguard.clients.milvus=false",
        "vectorguard.clients.grpc-channels=qdrantChannel,milvusChannel")
        .run(context -> {
          VectorGuardProperties p = context.getBean(VectorGuardProperties.class);
          assertThat(p.getMode()).isEqualTo(PolicyMode.MONITOR);
          assertThat(p.getPolicy().getLocation()).isEqualTo("classpath:p.yaml");
          assertThat(p.getPolicy().isReload()).isTrue();
          assertThat(p.getPolicy().getReloadInterval()).isEqualTo(Duration.ofMillis(250));
          assertThat(p.getWorkload().getId()).isEqualTo("spiffe://acme.io/sa/rag");
          TokenProperties token = p.getToken();
          assertThat(token.getType()).isEqualTo(TokenProperties.Type.QDRANT_JWT);
          assertThat(token.getStatic().getValue()).isEqualTo("static-secret-1");
          assertThat(token.getFile().getPath()).isEqualTo(Path.of("/var/run/token"));
          assertThat(token.getOauth2().getTokenUri()).isEqualTo(URI.create("https://idp.example/token"));
          assertThat(token.getOauth2().getClientId()).isEqualTo("rag-client");
          assertThat(token.getOauth2().getClientSecret()).isEqualTo("oauth-secret-2");
          assertThat(token.getOauth2().getScope()).isEqualTo("vectors:read");
          assertThat(token.getOauth2().getAudience()).isEqualTo("qdrant");
          assertThat(token.getQdrantJwt().getSigningKey()).isEqualTo("signing-secret-3");
          assertThat(token.getQdrantJwt().getTtl()).isEqualTo(Duration.ofMinutes(7));
          VectorGuardProperties.AuditProperties audit = p.getAudit();
          assertThat(audit.getMode()).isEqualTo(AuditMode.BEST_EFFORT);
          assertThat(audit.getSink()).isEqualTo(VectorGuardProperties.AuditProperties.SinkType.FILE);
          assertThat(audit.getLoggerName()).isEqualTo("audit.trail");
          assertThat(audit.getFile().getDirectory()).isEqualTo(Path.of("/var/log/vg"));
          assertThat(audit.getFile().getBaseName()).isEqualTo("trail");
          assertThat(audit.getFile().getMaxSize()).isEqualTo(DataSize.ofMegabytes(3));
          assertThat(audit.getFile().getMaxAge()).isEqualTo(Duration.ofMinutes(90));
          assertThat(audit.getFile().getFlush()).isEqualTo(FileSinkProperties.Flush.INTERVAL);
          assertThat(audit.getFile().getFlushInterval()).isEqualTo(Duration.ofMillis(40));
          assertThat(audit.getFile().isFsync()).isTrue();
          assertThat(audit.getAsync().isEnabled()).isTrue();
          assertThat(audit.getAsync().getCapacity()).isEqualTo(12345);
          assertThat(audit.getAsync().getOverflow()).isEqualTo(AsyncProperties.Overflow.DROP);
          assertThat(p.getMask().getHashKey()).isEqualTo("hash-secret-4");
          assertThat(p.getMask().getMarker()).isEqualTo("<gone>");
          assertThat(p.getBackends().getQdrant())
              .containsExactly(URI.create("http://q1:6333"), URI.create("http://q2:6333/prefix"));
          assertThat(p.getBackends().getMilvus()).containsExactly(URI.create("http://m:19530"));
          assertThat(p.getBackends().getChroma()).containsExactly(URI.create("http://c:8000"));
          assertThat(p.getBackends().getPassThrough()).containsExactly(URI.create("https://embeddings.example"));
          assertThat(p.getQdrant().getHost()).isEqualTo("qdrant.internal");
          assertThat(p.getQdrant().getPort()).isEqualTo(16334);
          assertThat(p.getQdrant().isTls()).isTrue();
          assertThat(p.getQdrant().getTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(p.getClients().isOkhttp()).isFalse();
          assertThat(p.getClients().isMilvus()).isFalse();
          assertThat(p.getClients().getGrpcChannels()).containsExactly("qdrantChannel", "milvusChannel");

          assertThat(p.toString())
              .doesNotContain("static-secret-1", "oauth-secret-2", "signing-secret-3", "hash-secret-4")
              .contains("value=<redacted>", "clientSecret=<redacted>", "signingKey=<redacted>", "hashKey=<redacted>");
        });
  }

  @Test
  void defaults() {
    runner.run(context -> {
      VectorGuardProperties p = context.getBean(VectorGuardProperties.class);
      assertThat(p.isEnabled()).isTrue();
      assertThat(p.getMode()).isNull();
      assertThat(p.getPolicy().isReload()).isFalse();
      assertThat(p.getToken().getType()).isEqualTo(TokenProperties.Type.NONE);
      assertThat(p.getAudit().getMode()).isEqualTo(AuditMode.REQUIRED);
      assertThat(p.getAudit().getSink()).isEqualTo(VectorGuardProperties.AuditProperties.SinkType.LOGGER);
      assertThat(p.getAudit().getAsync().getOverflow()).isEqualTo(AsyncProperties.Overflow.BLOCK);
      assertThat(p.getQdrant().getPort()).isEqualTo(6334);
      assertThat(p.getClients().isOkhttp()).isTrue();
      assertThat(p.toString()).contains("value=<unset>", "hashKey=<unset>");
    });
  }

  @Test
  void environmentVariablesOverrideApplicationPropertiesAndSecretsComeFromEither() {
    runner.withInitializer(context -> {
      var sources = context.getEnvironment().getPropertySources();
      // as in an application: OS environment above application.yaml
      sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          Map.of("VECTORGUARD_QDRANT_PORT", "26334", "VECTORGUARD_AUDIT_ASYNC_CAPACITY", "700",
              "VECTORGUARD_TOKEN_STATIC_VALUE", "from-env-secret")));
      sources.addLast(new MapPropertySource("Config resource 'class path resource [application.yaml]'",
          Map.of("vectorguard.qdrant.port", "16334", "vectorguard.audit.async.capacity", "90000",
              "vectorguard.qdrant.host", "from-yaml")));
    }).run(context -> {
      VectorGuardProperties p = context.getBean(VectorGuardProperties.class);
      assertThat(p.getQdrant().getPort()).isEqualTo(26334);
      assertThat(p.getAudit().getAsync().getCapacity()).isEqualTo(700);
      assertThat(p.getQdrant().getHost()).isEqualTo("from-yaml");
      assertThat(p.getToken().getStatic().getValue()).isEqualTo("from-env-secret");
      assertThat(p.toString()).doesNotContain("from-env-secret");
    });
  }

  @Test
  void anUnknownEnumValueFailsTheBindingWithThePropertyName() {
    runner.withPropertyValues("vectorguard.token.type=kerberos").run(context -> assertThat(context)
        .getFailure().rootCause().hasMessageContaining("No enum constant")
        .hasMessageContaining("kerberos"));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(VectorGuardProperties.class)
  static class Config {
  }
}
