package dev.vectorguard.spring.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * vectorguard.audit.kafka.*: ships the audit trail to Kafka (module vectorguard-audit-kafka). The
 * spool is the hash-chained trail configured under vectorguard.audit.file.* (its rotation,
 * flushing and fsync), in {@link #getSpoolDirectory()}.
 */
@ConfigurationProperties(prefix = "vectorguard.audit.kafka")
public class KafkaAuditProperties {
  /** The brokers, host:port[,host:port...]; setting it turns the Kafka audit sink on. */
  private @Nullable String bootstrapServers;

  /** The audit topic. */
  private String topic = "vectorguard-audit";

  /**
   * The record key: a name unique to this instance and stable across its restarts (a pod name).
   * Defaults to the HOSTNAME environment variable.
   */
  private @Nullable String instanceId;

  /** Where events are spooled (the local trail); required. */
  private @Nullable Path spoolDirectory;

  /** How long shutdown waits for the broker; what is left stays in the spool for the next start. */
  private Duration closeTimeout = Duration.ofSeconds(10);

  /** Events sent and not yet acknowledged, at most; the rest waits in the spool. */
  private int maxInFlight = 10_000;

  /** Kafka producer options (security.protocol, sasl.jaas.config, compression.type, ...). */
  private Map<String, String> producer = new LinkedHashMap<>();

  public @Nullable String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(@Nullable String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public @Nullable String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(@Nullable String instanceId) {
    this.instanceId = instanceId;
  }

  public @Nullable Path getSpoolDirectory() {
    return spoolDirectory;
  }

  public void setSpoolDirectory(@Nullable Path spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  public void setCloseTimeout(Duration closeTimeout) {
    this.closeTimeout = closeTimeout;
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public Map<String, String> getProducer() {
    return producer;
  }

  public void setProducer(Map<String, String> producer) {
    this.producer = producer;
  }

  @Override
  public String toString() {
    // Producer options may hold credentials (sasl.jaas.config): only their names are shown.
    return "kafka{bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", instanceId=" + instanceId
        + ", spoolDirectory=" + spoolDirectory + ", closeTimeout=" + closeTimeout + ", maxInFlight=" + maxInFlight
        + ", producer=" + producer.keySet() + '}';
  }
}
