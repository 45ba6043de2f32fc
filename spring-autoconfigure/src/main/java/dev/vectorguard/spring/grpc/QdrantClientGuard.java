package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.clients.GuardedClients;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Guards every {@link QdrantClient} and {@link QdrantGrpcClient} bean where it stands, whoever
 * built it (Spring AI's Qdrant store auto-configuration, the application): the client is rebuilt
 * over its own channel wrapped by {@link VectorGuardGrpc#guardedChannel}, so the target, TLS and
 * everything else the channel was built with stay as they are, and with the client's own call
 * credentials and timeout, read from its stubs' call options (the guard replaces the credential
 * headers with its own token, and keeps the others). Closing the guarded client shuts the channel
 * down.
 *
 * <p>A client whose channel is already guarded is left as it is. A subclass of
 * {@code QdrantClient} cannot be rebuilt without losing what it adds, so it stops the start unless
 * {@value GuardedClients#UNGUARDED_PROPERTY} names it.
 */
final class QdrantClientGuard implements BeanPostProcessor {
  private final Supplier<VectorGuardGrpc> grpc;
  private final Supplier<GuardedClients> clients;

  QdrantClientGuard(Supplier<VectorGuardGrpc> grpc, Supplier<GuardedClients> clients) {
    this.grpc = grpc;
    this.clients = clients;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof QdrantClient client) {
      return guard(beanName, client, client.grpcClient(), client.getClass() == QdrantClient.class, QdrantClient::new);
    }
    if (bean instanceof QdrantGrpcClient client) {
      return guard(beanName, client, client, true, Function.identity());
    }
    return bean;
  }

  /**
   * {@code client} itself when it is left unguarded on purpose or its channel is guarded already,
   * else {@code wrap} of its gRPC client rebuilt over a guarded channel.
   */
  private <T> T guard(String beanName, T client, QdrantGrpcClient grpcClient, boolean rebuildable,
      Function<QdrantGrpcClient, T> wrap) {
    GuardedClients registry = clients.get();
    if (registry.leftAloneOnPurpose(beanName, client)) {
      return client;
    }
    if (ManagedChannelGuard.isGuarded(grpcClient.channel())) {
      registry.guarded(beanName, client, "built over a guarded channel");
      return client;
    }
    if (!rebuildable) {
      return registry.unguardable(beanName, client, "it is a subclass of QdrantClient, which the guard cannot"
          + " rebuild over a guarded channel without losing what the subclass adds.",
          "Build its QdrantGrpcClient over a channel from VectorGuardGrpc.guardedChannel(...).");
    }
    T guarded = wrap.apply(rebuild(grpcClient));
    registry.guarded(beanName, guarded, "rebuilt over its own channel to " + grpcClient.channel().authority()
        + " with the guard's interceptor");
    return guarded;
  }

  private QdrantGrpcClient rebuild(QdrantGrpcClient original) {
    // Each stub call re-reads the client's credentials and a fresh deadline of its timeout.
    CallOptions options = original.qdrant().getCallOptions();
    ManagedChannel channel = grpc.get().guardedChannel(original.channel());
    // The original client checked the server's version already when it was built.
    QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(channel, true, false);
    CallCredentials credentials = options.getCredentials();
    if (credentials != null) {
      builder.withCallCredentials(credentials);
    }
    Deadline deadline = options.getDeadline();
    if (deadline != null) {
      long millis = Math.max(1, (deadline.timeRemaining(TimeUnit.NANOSECONDS) + 999_999) / 1_000_000);
      builder.withTimeout(Duration.ofMillis(millis));
    }
    return builder.build();
  }
}
