package dev.vectorguard.spring.audit;

import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.kafka.KafkaAuditSink;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.FileSinkProperties;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.VectorGuardProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The guard's audit sink is a {@link KafkaAuditSink} (behind an {@link AsyncAuditSink}) when
 * {@code vectorguard-audit-kafka} is on the classpath and {@code vectorguard.audit.kafka.bootstrap-servers}
 * is set. An {@code AuditSink} bean of the application's own replaces it. A missing or invalid
 * setting stops the context with a report naming the property.
 */
@AutoConfiguration(before = VectorGuardAutoConfiguration.class)
@ConditionalOnVectorGuardEnabled
@ConditionalOnClass(KafkaAuditSink.class)
@ConditionalOnProperty(prefix = "vectorguard.audit.kafka", name = "bootstrap-servers")
@EnableConfigurationProperties({KafkaAuditProperties.class, VectorGuardProperties.class})
public class VectorGuardKafkaAuditAutoConfiguration {

  /** Closing it at shutdown delivers what the broker takes within the close timeout; the rest stays spooled. */
  @Bean
  @ConditionalOnMissingBean
  public AuditSink vectorGuardKafkaAuditSink(KafkaAuditProperties kafka, VectorGuardProperties properties) {
    Path spool = kafka.getSpoolDirectory();
    if (spool == null) {
      throw new VectorGuardConfigurationException("Vectorguard's Kafka audit sink needs "
          + "vectorguard.audit.kafka.spool-directory.", "Set vectorguard.audit.kafka.spool-directory to a writable "
          + "folder: events wait there, hash-chained, while the broker is away.");
    }
    String instanceId = kafka.getInstanceId() != null ? kafka.getInstanceId() : System.getenv("HOSTNAME");
    if (instanceId == null || instanceId.isBlank()) {
      throw new VectorGuardConfigurationException("Vectorguard's Kafka audit sink needs "
          + "vectorguard.audit.kafka.instance-id (no HOSTNAME to default to).", "Set vectorguard.audit.kafka.instance-id "
          + "to a name unique to this instance and stable across its restarts, such as the pod name.");
    }
    KafkaAuditSink sink;
    try {
      sink = KafkaAuditSink.builder(kafka.getTopic(), instanceId)
          .bootstrapServers(kafka.getBootstrapServers())
          .producerProperties(kafka.getProducer())
          .closeTimeout(kafka.getCloseTimeout())
          .maxInFlight(kafka.getMaxInFlight())
          .spool(spool(spool, properties.getAudit().getFile()))
          .open();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new VectorGuardConfigurationException("Vectorguard cannot use the settings under "
          + "vectorguard.audit.kafka: " + e.getMessage(), "Correct the vectorguard.audit.kafka.* properties.");
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's Kafka audit spool in " + spool
          + " cannot be opened.", List.of(String.valueOf(e.getMessage())),
          "Make vectorguard.audit.kafka.spool-directory writable by the application.", e);
    }
    return AsyncAuditSink.builder(sink).capacity(properties.getAudit().getAsync().getCapacity()).build();
  }

  private static HashChainFileSink.Builder spool(Path directory, FileSinkProperties file) {
    HashChainFileSink.Builder builder = HashChainFileSink.builder(directory)
        .baseName(file.getBaseName())
        .maxFileBytes(file.getMaxSize().toBytes())
        .durability(switch (file.getFlush()) {
          // The sink sits behind an async writer, whose batches are the spool's group commits.
          case EVENT, BATCH -> file.isFsync() ? Durability.fsyncEachBatch() : Durability.flushEachBatch();
          case INTERVAL -> file.isFsync() ? Durability.fsyncEvery(file.getFlushInterval())
              : Durability.flushEvery(file.getFlushInterval());
        });
    if (file.getMaxAge() != null) {
      builder.maxFileAge(file.getMaxAge());
    }
    return builder;
  }
}
