package dev.vectorguard.spring.grpc;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.clients.GuardedClients;
import io.milvus.v2.client.MilvusClientV2;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Guards the Milvus Java SDK's client beans ({@code MilvusClientV2} and {@code MilvusServiceClient})
 * with {@link MilvusGuard}, unless {@code vectorguard.clients.milvus=false}. The SDK is guarded in
 * place, after its constructor connected; a client the application guarded itself is left as it
 * is. A plain client that later switches database with {@code useDatabase(...)} loses the guard:
 * declare the bean with {@code MilvusGuard.connect(config)}, which stays guarded.
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass({MilvusGuard.class, MilvusClientV2.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean(VectorGuard.class)
public class VectorGuardMilvusAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public MilvusGuard vectorGuardMilvus(VectorGuard guard) {
    return MilvusGuard.create(guard);
  }

  @Bean
  @ConditionalOnProperty(prefix = "vectorguard.clients", name = "milvus", havingValue = "true", matchIfMissing = true)
  public static BeanPostProcessor vectorGuardMilvusClients(ObjectProvider<MilvusGuard> milvus,
      ObjectProvider<GuardedClients> clients) {
    return new MilvusClientGuard(milvus::getObject, clients::getObject);
  }
}
