package dev.vectorguard.spring.okhttp;

import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.clients.GuardedClients;
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
 * before its own dependencies are ready. A client named in
 * {@value GuardedClients#UNGUARDED_PROPERTY} is left alone; every client is reported to
 * {@link GuardedClients}.
 */
final class OkHttpClientGuard implements BeanPostProcessor {
  private static final String ADAPTER_PACKAGE = VectorGuardOkHttp.class.getPackageName() + '.';

  private final Supplier<@Nullable VectorGuardOkHttp> okHttp;
  private final Supplier<GuardedClients> clients;

  OkHttpClientGuard(Supplier<@Nullable VectorGuardOkHttp> okHttp, Supplier<GuardedClients> clients) {
    this.okHttp = okHttp;
    this.clients = clients;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof OkHttpClient client)) {
      return bean;
    }
    GuardedClients registry = clients.get();
    if (registry.leftAloneOnPurpose(beanName, client)) {
      return client;
    }
    if (isGuarded(client)) {
      registry.guarded(beanName, client, "has the guard's interceptor");
      return client;
    }
    VectorGuardOkHttp guard = okHttp.get();
    if (guard == null) {
      throw new VectorGuardConfigurationException("The OkHttpClient bean '" + beanName + "' would run unguarded:"
          + " vectorguard.backends names no base URL to guard.",
          "Set the base URLs the client calls (vectorguard.backends.qdrant, .milvus, .chroma, and"
              + " .pass-through for others), or set vectorguard.clients.okhttp=false to leave OkHttp clients alone.");
    }
    OkHttpClient guarded = guard.wrap(client);
    registry.guarded(beanName, guarded, "a copy with the guard's interceptor first");
    return guarded;
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
