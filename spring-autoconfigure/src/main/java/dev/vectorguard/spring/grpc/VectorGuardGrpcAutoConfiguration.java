package dev.vectorguard.spring.grpc;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
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
import org.springframework.core.env.Environment;

/**
 * Guards gRPC: a {@link VectorGuardGrpc}, its {@link ClientInterceptor} as a bean (for channels
 * built by hand with {@code intercept(...)}), and a post-processor that guards the
 * {@link ManagedChannel} beans named in {@code vectorguard.clients.grpc-channels}. Channels are
 * opt-in because the guard refuses calls to gRPC services it does not know.
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
  public static BeanPostProcessor vectorGuardGrpcChannels(Environment environment, ObjectProvider<VectorGuardGrpc> grpc) {
    List<String> names = Binder.get(environment)
        .bind("vectorguard.clients.grpc-channels", Bindable.listOf(String.class))
        .orElse(List.of());
    return new ManagedChannelGuard(names, grpc::getObject);
  }
}
