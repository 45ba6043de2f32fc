package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import io.milvus.client.MilvusServiceClient;
import io.milvus.v2.client.MilvusClientV2;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Guards each {@code MilvusClientV2} and {@code MilvusServiceClient} bean, in place. A client
 * whose SDK version cannot be guarded stops the start rather than running unguarded.
 */
final class MilvusClientGuard implements BeanPostProcessor {
  private final Supplier<MilvusGuard> milvus;

  MilvusClientGuard(Supplier<MilvusGuard> milvus) {
    this.milvus = milvus;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    try {
      if (bean instanceof MilvusClientV2 client) {
        return milvus.get().wrap(client);
      }
      if (bean instanceof MilvusServiceClient client) {
        return milvus.get().wrap(client);
      }
    } catch (IllegalStateException e) {
      throw new VectorGuardConfigurationException("The Milvus client bean '" + beanName + "' cannot be guarded.",
          List.of(String.valueOf(e.getMessage())),
          "Use a milvus-sdk-java version Vectorguard supports, or set vectorguard.clients.milvus=false"
              + " and guard the client yourself.", e);
    }
    return bean;
  }
}
