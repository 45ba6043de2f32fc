package dev.vectorguard.spring.okhttp;

import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces each {@link OkHttpClient} bean by a guarded copy ({@link VectorGuardOkHttp#wrap}).
 * Idempotent: a client that already has a Vectorguard interceptor (wrapped by the application
 * itself, or a bean that is itself built from a guarded one) is left as it is. The guard is looked
 * up only when the first client is met, so that this early post-processor does not build the guard
 * before its own dependencies are ready.
 */
final class OkHttpClientGuard implements BeanPostProcessor {
  private static final String ADAPTER_PACKAGE = VectorGuardOkHttp.class.getPackageName() + '.';

  private final Supplier<@Nullable VectorGuardOkHttp> okHttp;

  OkHttpClientGuard(Supplier<@Nullable VectorGuardOkHttp> okHttp) {
    this.okHttp = okHttp;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof OkHttpClient client) || isGuarded(client)) {
      return bean;
    }
    VectorGuardOkHttp guard = okHttp.get();
    if (guard == null) {
      throw new VectorGuardConfigurationException("The OkHttpClient bean '" + beanName + "' would run unguarded:"
          + " vectorguard.backends names no base URL to guard.",
          "Set the base URLs the client calls (vectorguard.backends.qdrant, .milvus, .chroma, and"
              + " .pass-through for others), or set vectorguard.clients.okhttp=false to leave OkHttp clients alone.");
    }
    return guard.wrap(client);
  }

  /** Whether a Vectorguard interceptor is among the client's application interceptors. */
  static boolean isGuarded(OkHttpClient client) {
    for (Interceptor interceptor : client.interceptors()) {
      if (interceptor.getClass().getName().startsWith(ADAPTER_PACKAGE)) {
        return true;
      }
    }
    return false;
  }
}
