package dev.vectorguard.spring.grpc;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.clients.GuardedClients;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Guards gRPC: a {@link VectorGuardGrpc}, its {@link ClientInterceptor} as a bean (for channels
 * built by hand with {@code intercept(...)}), and a post-processor that guards the
 * {@link ManagedChannel} beans named in {@code vectorguard.clients.grpc-channels}, and one that
 * guards every {@code QdrantClient} and {@code QdrantGrpcClient} bean in place. Channels are named
 * because the guard refuses calls to gRPC services it does not know; a channel bean that is
 * neither named nor listed in {@code vectorguard.clients.unguarded-beans} stops the start.
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass({ClientInterceptor.class, VectorGuardGrpc.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean(VectorGuard.class)
public class VectorGuardGrpcAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public VectorGuardGrpc vectorGuardGrpc(VectorGuard guard) {
    return VectorGuardGrpc.create(guard);
  }

  @Bean
  @ConditionalOnMissingBean(name = "vectorGuardGrpcInterceptor")
  public ClientInterceptor vectorGuardGrpcInterceptor(VectorGuardGrpc grpc) {
    return grpc.newClientInterceptor();
  }

  @Bean
  public static BeanPostProcessor vectorGuardGrpcChannels(Environment environment, ObjectProvider<VectorGuardGrpc> grpc,
      ObjectProvider<GuardedClients> clients) {
    List<String> names = Binder.get(environment)
        .bind("vectorguard.clients.grpc-channels", Bindable.listOf(String.class))
        .orElse(List.of());
    return new ManagedChannelGuard(names, grpc::getObject, clients::getObject);
  }

  /** Guards every Qdrant client bean in place, whoever built it (see {@link QdrantClientGuard}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({QdrantClient.class, QdrantGrpcClient.class})
  static class QdrantClients {
    @Bean
    static BeanPostProcessor vectorGuardQdrantClients(ObjectProvider<VectorGuardGrpc> grpc,
        ObjectProvider<GuardedClients> clients) {
      return new QdrantClientGuard(grpc::getObject, clients::getObject);
    }
  }
}
