package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.clients.GuardedClients;
import io.milvus.client.MilvusServiceClient;
import io.milvus.v2.client.MilvusClientV2;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Guards each {@code MilvusClientV2} and {@code MilvusServiceClient} bean, in place. A client
 * whose SDK version cannot be guarded stops the start rather than running unguarded, unless
 * {@value GuardedClients#UNGUARDED_PROPERTY} names it.
 */
final class MilvusClientGuard implements BeanPostProcessor {
  private final Supplier<MilvusGuard> milvus;
  private final Supplier<GuardedClients> clients;

  MilvusClientGuard(Supplier<MilvusGuard> milvus, Supplier<GuardedClients> clients) {
    this.milvus = milvus;
    this.clients = clients;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof MilvusClientV2) && !(bean instanceof MilvusServiceClient)) {
      return bean;
    }
    GuardedClients registry = clients.get();
    if (registry.leftAloneOnPurpose(beanName, bean)) {
      return bean;
    }
    try {
      Object guarded = bean instanceof MilvusClientV2 client ? milvus.get().wrap(client)
          : milvus.get().wrap((MilvusServiceClient) bean);
      registry.guarded(beanName, guarded, "wrapped by MilvusGuard");
      return guarded;
    } catch (IllegalStateException e) {
      throw new VectorGuardConfigurationException("The Milvus client bean '" + beanName + "' cannot be guarded.",
          List.of(String.valueOf(e.getMessage())),
          "Use a milvus-sdk-java version Vectorguard supports, or set vectorguard.clients.milvus=false"
              + " and guard the client yourself, or add '" + beanName + "' to " + GuardedClients.UNGUARDED_PROPERTY
              + " to run it unguarded on purpose.", e);
    }
  }
}
