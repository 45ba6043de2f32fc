package dev.vectorguard.spring.web;

import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.springweb.VectorGuardSpringWeb;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts the guard's interceptor first into every {@link RestClient.Builder} bean (Boot's
 * prototype builder, which Spring AI's Chroma store and others build their clients from),
 * {@link RestClient} bean (rebuilt from {@code mutate()}) and {@link RestTemplate} bean, where it
 * stands. Idempotent. A bean named in {@value GuardedClients#UNGUARDED_PROPERTY} is left alone.
 * When no REST base URL is configured there is no REST backend to guard and nothing is changed.
 */
final class RestClientGuard implements BeanPostProcessor {
  private final Supplier<@Nullable VectorGuardSpringWeb> web;
  private final Supplier<GuardedClients> clients;

  RestClientGuard(Supplier<@Nullable VectorGuardSpringWeb> web, Supplier<GuardedClients> clients) {
    this.web = web;
    this.clients = clients;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof RestClient.Builder) && !(bean instanceof RestClient) && !(bean instanceof RestTemplate)) {
      return bean;
    }
    GuardedClients registry = clients.get();
    if (registry.leftAloneOnPurpose(beanName, bean)) {
      return bean;
    }
    VectorGuardSpringWeb guard = web.get();
    if (guard == null) {
      return bean;
    }
    Object guarded;
    if (bean instanceof RestClient.Builder builder) {
      guarded = guard.apply(builder);
    } else if (bean instanceof RestClient client) {
      guarded = guard.apply(client.mutate()).build();
    } else {
      guarded = guard.apply((RestTemplate) bean);
    }
    registry.guarded(beanName, guarded, "the guard's interceptor first");
    return guarded;
  }
}
