package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces each named {@link ManagedChannel} bean by a guarded one
 * ({@link VectorGuardGrpc#guardedChannel}); shutting the guarded channel down shuts the original
 * down. A channel that is already guarded is left as it is. A name that matches no channel bean
 * stops the start.
 */
final class ManagedChannelGuard implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {
  private static final String ADAPTER_PACKAGE = VectorGuardGrpc.class.getPackageName() + '.';

  private final Set<String> names;
  private final Supplier<VectorGuardGrpc> grpc;
  private @Nullable BeanFactory beans;

  ManagedChannelGuard(List<String> names, Supplier<VectorGuardGrpc> grpc) {
    this.names = Set.copyOf(names);
    this.grpc = grpc;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!names.contains(beanName) || !(bean instanceof ManagedChannel channel) || isGuarded(channel)) {
      return bean;
    }
    return grpc.get().guardedChannel(channel);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  /** Fails the start when a named channel does not exist, so that a typo cannot leave a channel unguarded. */
  @Override
  public void afterSingletonsInstantiated() {
    if (beans == null) {
      return;
    }
    for (String name : new TreeSet<>(names)) {
      if (!beans.containsBean(name) || !beans.isTypeMatch(name, ManagedChannel.class)) {
        throw new VectorGuardConfigurationException("vectorguard.clients.grpc-channels names '" + name
            + "', but there is no ManagedChannel bean of that name to guard.",
            "Name the ManagedChannel beans that lead to Qdrant or Milvus, exactly as they are defined.");
      }
    }
  }

  static boolean isGuarded(ManagedChannel channel) {
    return channel.getClass().getName().startsWith(ADAPTER_PACKAGE);
  }
}
