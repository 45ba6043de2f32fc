package dev.vectorguard.spring.grpc;

import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.VectorGuardProperties;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A guarded {@link QdrantClient} bean, when {@code vectorguard.qdrant.host} is set: its channel has
 * the guard's interceptor, so every call the client makes (including its version check) is
 * decided, rewritten, given the guard's credential, masked and audited. Closing the client at
 * shutdown closes the channel.
 */
@AutoConfiguration(after = VectorGuardGrpcAutoConfiguration.class)
@ConditionalOnClass({QdrantClient.class, QdrantGrpcClient.class, ManagedChannelBuilder.class, VectorGuardGrpc.class})
@ConditionalOnVectorGuardEnabled
@ConditionalOnProperty(prefix = "vectorguard.qdrant", name = "host")
@ConditionalOnBean(VectorGuardGrpc.class)
public class VectorGuardQdrantAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public QdrantClient qdrantClient(VectorGuardProperties properties, VectorGuardGrpc grpc) {
    VectorGuardProperties.QdrantProperties qdrant = properties.getQdrant();
    String host = qdrant.getHost();
    if (host == null || host.isBlank() || qdrant.getPort() < 1 || qdrant.getPort() > 65535) {
      throw new VectorGuardConfigurationException("vectorguard.qdrant needs a host and a port between 1 and"
          + " 65535, but was host '" + host + "', port " + qdrant.getPort() + ".",
          "Set vectorguard.qdrant.host and vectorguard.qdrant.port (Qdrant's gRPC port, 6334 by default).");
    }
    ManagedChannelBuilder<?> channel = ManagedChannelBuilder.forAddress(host, qdrant.getPort());
    if (qdrant.isTls()) {
      channel.useTransportSecurity();
    } else {
      channel.usePlaintext();
    }
    // A guarded channel (not intercept(...)) so that the client post-processor sees it is guarded.
    ManagedChannel guarded = grpc.guardedChannel(channel.build());
    return new QdrantClient(QdrantGrpcClient.newBuilder(guarded, true, false)
        .withTimeout(qdrant.getTimeout())
        .build());
  }
}
