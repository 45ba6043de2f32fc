package dev.vectorguard.spring.okhttp;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.VectorGuardProperties;
import dev.vectorguard.spring.VectorGuardProperties.BackendProperties;
import dev.vectorguard.spring.clients.GuardedClients;
import java.net.URI;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Guards the application's OkHttp clients: a {@link VectorGuardOkHttp} mapping the base URLs of
 * {@code vectorguard.backends.*} to their REST dialects, its interceptor as a bean, and a
 * post-processor that puts the guard into every {@link OkHttpClient} bean once.
 *
 * <p>A guarded client may call only the configured base URLs; so when an {@code OkHttpClient}
 * bean exists but no base URL is configured, the application does not start (set the base URLs,
 * or {@code vectorguard.clients.okhttp=false} to leave OkHttp clients alone).
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass({OkHttpClient.class, VectorGuardOkHttp.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean(VectorGuard.class)
public class VectorGuardOkHttpAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnBackendsConfigured.class)
  public VectorGuardOkHttp vectorGuardOkHttp(VectorGuard guard, VectorGuardProperties properties) {
    BackendProperties backends = properties.getBackends();
    VectorGuardOkHttp.Builder builder = VectorGuardOkHttp.builder(guard);
    add(builder, backends.getQdrant(), Backend.QDRANT, "qdrant");
    add(builder, backends.getMilvus(), Backend.MILVUS, "milvus");
    add(builder, backends.getChroma(), Backend.CHROMA, "chroma");
    for (URI uri : backends.getPassThrough()) {
      builder.passThrough(url(uri, "pass-through"));
    }
    return builder.build();
  }

  /** The guard's application interceptor, for clients built by hand ({@code addInterceptor}). */
  @Bean
  @ConditionalOnMissingBean(name = "vectorGuardOkHttpInterceptor")
  @ConditionalOnBean(VectorGuardOkHttp.class)
  public Interceptor vectorGuardOkHttpInterceptor(VectorGuardOkHttp okHttp) {
    return okHttp.interceptor();
  }

  @Bean
  @ConditionalOnProperty(prefix = "vectorguard.clients", name = "okhttp", havingValue = "true", matchIfMissing = true)
  public static BeanPostProcessor vectorGuardOkHttpClients(ObjectProvider<VectorGuardOkHttp> okHttp,
      ObjectProvider<GuardedClients> clients) {
    return new OkHttpClientGuard(okHttp::getIfAvailable, clients::getObject);
  }

  private static void add(VectorGuardOkHttp.Builder builder, List<URI> uris, Backend backend, String name) {
    for (URI uri : uris) {
      builder.backend(url(uri, name), backend);
    }
  }

  private static HttpUrl url(URI uri, String name) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new VectorGuardConfigurationException("vectorguard.backends." + name + " has a base URL that is not"
          + " an http or https URL: " + uri, "Write it as http(s)://host:port/optional/path.");
    }
    return url;
  }
}
