package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.clients.GuardedClients;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Set;
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
 * stops the start. Any other channel bean stops the start too, unless
 * {@value GuardedClients#UNGUARDED_PROPERTY} names it: its calls would leave unguarded, and the
 * guard cannot tell whether it leads to a vector database.
 */
final class ManagedChannelGuard implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {
  private static final String ADAPTER_PACKAGE = VectorGuardGrpc.class.getPackageName() + '.';

  private final Set<String> names;
  private final Supplier<VectorGuardGrpc> grpc;
  private final Supplier<GuardedClients> clients;
  private @Nullable BeanFactory beans;

  ManagedChannelGuard(List<String> names, Supplier<VectorGuardGrpc> grpc, Supplier<GuardedClients> clients) {
    this.names = Set.copyOf(names);
    this.grpc = grpc;
    this.clients = clients;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof ManagedChannel channel)) {
      return bean;
    }
    if (isGuarded(channel)) {
      clients.get().guarded(beanName, channel, "a guarded channel");
      return channel;
    }
    if (!names.contains(beanName)) {
      return clients.get().unguardable(beanName, channel, "it is a gRPC channel not named in"
          + " vectorguard.clients.grpc-channels, so its calls would leave unguarded.",
          "Add it to vectorguard.clients.grpc-channels if it leads to Qdrant or Milvus.");
    }
    ManagedChannel guarded = grpc.get().guardedChannel(channel);
    clients.get().guarded(beanName, guarded, "named in vectorguard.clients.grpc-channels, wrapped with the guard's"
        + " interceptor");
    return guarded;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  /** Fails the start when a named channel does not exist, so that a typo cannot leave a channel unguarded. */
  @Override
  public void afterSingletonsInstantiated() {
    if (beans != null) {
      GuardedClients.requireBeans(beans, names, ManagedChannel.class, "vectorguard.clients.grpc-channels",
          "ManagedChannel bean of that name to guard", "Name the ManagedChannel beans that lead to Qdrant or Milvus, exactly as"
              + " they are defined.");
    }
  }

  static boolean isGuarded(ManagedChannel channel) {
    return channel.getClass().getName().startsWith(ADAPTER_PACKAGE);
  }
}
