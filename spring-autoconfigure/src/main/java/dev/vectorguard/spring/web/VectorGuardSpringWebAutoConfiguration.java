package dev.vectorguard.spring.web;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.rest.RestGuard;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardProperties;
import dev.vectorguard.spring.VectorGuardProperties.BackendProperties;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.springweb.VectorGuardSpringWeb;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Guards Spring's {@code RestClient} and {@code RestTemplate}: a {@link VectorGuardSpringWeb} over
 * the base URLs of {@code vectorguard.backends.*} and of Spring AI's Chroma store
 * ({@code spring.ai.vectorstore.chroma.client.host/port}, its defaults when the store is on the
 * class path), and a post-processor that puts it into every {@code RestClient.Builder},
 * {@code RestClient} and {@code RestTemplate} bean, unless {@code vectorguard.clients.rest=false}.
 * A guarded client may call only those base URLs (and {@code vectorguard.backends.pass-through},
 * such as an embedding API on the same builder).
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass({RestClient.class, VectorGuardSpringWeb.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean(VectorGuard.class)
public class VectorGuardSpringWebAutoConfiguration {
  static final String SPRING_AI_CHROMA_API = "org.springframework.ai.chroma.vectorstore.ChromaApi";
  static final String SPRING_AI_CHROMA = "spring.ai.vectorstore.chroma.client";

  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnRestBackends.class)
  public VectorGuardSpringWeb vectorGuardSpringWeb(VectorGuard guard, VectorGuardProperties properties,
      Environment environment) {
    BackendProperties backends = properties.getBackends();
    RestGuard.Builder builder = RestGuard.builder(guard);
    backends.getQdrant().forEach(uri -> builder.backend(uri, Backend.QDRANT));
    backends.getMilvus().forEach(uri -> builder.backend(uri, Backend.MILVUS));
    backends.getChroma().forEach(uri -> builder.backend(uri, Backend.CHROMA));
    URI chroma = springAiChroma(environment);
    if (chroma != null && !backends.getChroma().contains(chroma)) {
      builder.backend(chroma, Backend.CHROMA);
    }
    backends.getPassThrough().forEach(builder::passThrough);
    return VectorGuardSpringWeb.create(builder.build());
  }

  @Bean
  @ConditionalOnProperty(prefix = "vectorguard.clients", name = "rest", havingValue = "true", matchIfMissing = true)
  public static BeanPostProcessor vectorGuardRestClients(ObjectProvider<VectorGuardSpringWeb> web,
      ObjectProvider<GuardedClients> clients) {
    return new RestClientGuard(web::getIfAvailable, clients::getObject);
  }

  /** Matches when a REST backend base URL is known: {@code vectorguard.backends.*} or Spring AI's Chroma. */
  static class OnRestBackends extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      BackendProperties backends = Binder.get(context.getEnvironment()).bind("vectorguard.backends",
          BackendProperties.class).orElseGet(BackendProperties::new);
      URI chroma = springAiChroma(context.getEnvironment());
      return !backends.getQdrant().isEmpty() || !backends.getMilvus().isEmpty() || !backends.getChroma().isEmpty()
          || chroma != null
          ? ConditionOutcome.match("REST backends: " + backends + ", Spring AI Chroma: " + chroma)
          : ConditionOutcome.noMatch("no REST backend base URL is configured");
    }
  }

  /**
   * Spring AI's Chroma base URL: {@code host} (with its scheme, default {@code http://localhost})
   * and {@code port} (default 8000), when they are set or Spring AI's Chroma client is present.
   */
  static @Nullable URI springAiChroma(Environment environment) {
    String host = environment.getProperty(SPRING_AI_CHROMA + ".host");
    String port = environment.getProperty(SPRING_AI_CHROMA + ".port");
    if (host == null && port == null
        && !ClassUtils.isPresent(SPRING_AI_CHROMA_API, VectorGuardSpringWebAutoConfiguration.class.getClassLoader())) {
      return null;
    }
    return URI.create((host == null ? "http://localhost" : host) + ":" + (port == null ? "8000" : port) + "/");
  }
}
